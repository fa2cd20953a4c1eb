"""Returning freed memory to the system after a round."""

from __future__ import annotations

import sys

from camdraw.core.memory import release_free_memory


def test_release_free_memory_works_where_glibc_does_and_is_harmless_elsewhere() -> None:
    released = release_free_memory()
    assert released is sys.platform.startswith("linux")
    assert release_free_memory() is released  # safe to call every round


def test_the_allocator_is_told_to_return_big_blocks_on_linux() -> None:
    from camdraw.core.memory import configure_allocator

    assert configure_allocator() is sys.platform.startswith("linux")
