"""A stand-in for the part of Media Foundation that lists cameras, built of real C function
pointers and vtables so that camdraw's ctypes code runs exactly as it would on Windows.

It behaves as Microsoft documents the calls (MFCreateAttributes, IMFAttributes::SetGUID,
MFEnumDeviceSources, IMFAttributes::GetAllocatedString, CoTaskMemFree): objects start with one
reference the caller owns; the device array and every string are allocated for the caller,
who frees them with CoTaskMemFree; a string's length excludes the terminating NUL. It records
what the caller did so a test can check that nothing leaked.

The signatures here are written from the Windows SDK headers independently of camdraw's, and
the vtable slots come from mfobjects.h: IUnknown 0-2, IMFAttributes::GetAllocatedString 13,
IMFAttributes::SetGUID 24. (On 64-bit Windows there is one calling convention, so CFUNCTYPE
here is the same call as WINFUNCTYPE there.)
"""

from __future__ import annotations

import ctypes
import uuid
from typing import Any

from camdraw.core.windows_cameras import MediaFoundation

HR = ctypes.c_int32
PROTO = ctypes.CFUNCTYPE
VIDCAP = uuid.UUID("8ac3587a-4ae7-42d8-99e0-0a6013eef90f")
SOURCE_TYPE = uuid.UUID("c60ac5fe-252a-478f-a0ef-bc8fa5f7cad3")
FRIENDLY_NAME = uuid.UUID("60d0e559-52f8-4fa2-bbce-acdb34a8ec01")
MF_E_ATTRIBUTENOTFOUND = -1072875802  # 0xC00D36E6
E_FAIL = -2147467259  # 0x80004005
RELEASE, GET_ALLOCATED_STRING, SET_GUID = 2, 13, 24


def _guid_at(address: int) -> uuid.UUID:
    return uuid.UUID(bytes_le=ctypes.string_at(address, 16))


class FakeMediaFoundation:
    def __init__(self, names: list[str | None], *, enum_hr: int = 0, com_hr: int = 0) -> None:
        """``names``: one device each (None: a device without a friendly name)."""
        self.names = names
        self.enum_hr = enum_hr
        self.com_hr = com_hr
        self.calls: list[str] = []
        self.startup: tuple[int, int] | None = None
        self.attributes: dict[int, dict[uuid.UUID, uuid.UUID]] = {}
        self.devices: dict[int, str | None] = {}
        self.references: dict[int, int] = {}
        self.allocated: set[int] = set()
        self.freed: list[int] = []
        self.wrong_slots: list[int] = []  # methods called that this code must not need
        self._alive: list[Any] = []  # the C memory and callbacks handed out
        # Every other slot answers E_FAIL and is recorded, so a wrong slot number shows up
        # as a failed test rather than a jump through a null pointer.
        self._wrong = [
            self._keep(PROTO(HR, ctypes.c_void_p)(self._on_wrong_slot(slot))) for slot in range(33)
        ]
        self._release = self._keep(PROTO(ctypes.c_ulong, ctypes.c_void_p)(self._on_release))
        self._set_guid = self._keep(
            PROTO(HR, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)(self._on_set_guid)
        )
        self._get_string = self._keep(
            PROTO(
                HR,
                ctypes.c_void_p,
                ctypes.c_void_p,
                ctypes.POINTER(ctypes.c_void_p),
                ctypes.POINTER(ctypes.c_uint32),
            )(self._on_get_allocated_string)
        )

    def _keep(self, thing: Any) -> Any:
        self._alive.append(thing)
        return thing

    def _new_object(self) -> int:
        """A COM object: its first field points at a vtable of IMFAttributes' 33 slots."""
        vtable = self._keep((ctypes.c_void_p * 33)())
        for slot, method in enumerate(self._wrong):
            vtable[slot] = ctypes.cast(method, ctypes.c_void_p).value
        vtable[RELEASE] = ctypes.cast(self._release, ctypes.c_void_p).value
        vtable[GET_ALLOCATED_STRING] = ctypes.cast(self._get_string, ctypes.c_void_p).value
        vtable[SET_GUID] = ctypes.cast(self._set_guid, ctypes.c_void_p).value
        body = self._keep(ctypes.c_void_p(ctypes.addressof(vtable)))
        address = ctypes.addressof(body)
        self.references[address] = 1
        return address

    # -- the objects' methods ----------------------------------------------------------------

    def _on_wrong_slot(self, slot: int) -> Any:
        def method(this: int) -> int:
            self.wrong_slots.append(slot)
            return E_FAIL

        return method

    def _on_release(self, this: int) -> int:
        self.references[this] -= 1
        return self.references[this]

    def _on_set_guid(self, this: int, key: int, value: int) -> int:
        self.attributes[this][_guid_at(key)] = _guid_at(value)
        return 0

    def _on_get_allocated_string(self, this: int, key: int, out: Any, length: Any) -> int:
        name = self.devices.get(this)
        if _guid_at(key) != FRIENDLY_NAME or name is None:
            return MF_E_ATTRIBUTENOTFOUND
        text = self._keep(ctypes.create_unicode_buffer(name))
        self.allocated.add(ctypes.addressof(text))
        out[0] = ctypes.addressof(text)
        length[0] = len(name)
        return 0

    # -- the functions -----------------------------------------------------------------------

    def api(self) -> MediaFoundation:
        def co_initialize_ex(reserved: int | None, flags: int) -> int:
            self.calls.append(f"CoInitializeEx({flags:#x})")
            return self.com_hr

        def co_uninitialize() -> None:
            self.calls.append("CoUninitialize")

        def co_task_mem_free(address: int | None) -> None:
            self.freed.append(address or 0)

        def mf_startup(version: int, flags: int) -> int:
            self.calls.append("MFStartup")
            self.startup = (version, flags)
            return 0

        def mf_shutdown() -> int:
            self.calls.append("MFShutdown")
            return 0

        def mf_create_attributes(out: Any, size: int) -> int:
            address = self._new_object()
            self.attributes[address] = {}
            out[0] = address
            return 0

        def mf_enum_device_sources(attributes: int, out: Any, count: Any) -> int:
            self.calls.append("MFEnumDeviceSources")
            if self.enum_hr < 0:
                return self.enum_hr
            if self.attributes[attributes].get(SOURCE_TYPE) != VIDCAP:
                return E_FAIL  # it would list audio devices, or fail: not what is wanted
            array = self._keep((ctypes.c_void_p * max(1, len(self.names)))())
            for i, name in enumerate(self.names):
                address = self._new_object()
                self.devices[address] = name
                array[i] = address
            self.allocated.add(ctypes.addressof(array))
            out[0] = ctypes.cast(array, ctypes.POINTER(ctypes.c_void_p))
            count[0] = len(self.names)
            return 0

        pointer = ctypes.c_void_p
        return MediaFoundation(
            co_initialize_ex=self._keep(PROTO(HR, pointer, ctypes.c_uint32)(co_initialize_ex)),
            co_uninitialize=self._keep(PROTO(None)(co_uninitialize)),
            co_task_mem_free=self._keep(PROTO(None, pointer)(co_task_mem_free)),
            mf_startup=self._keep(PROTO(HR, ctypes.c_ulong, ctypes.c_uint32)(mf_startup)),
            mf_shutdown=self._keep(PROTO(HR)(mf_shutdown)),
            mf_create_attributes=self._keep(
                PROTO(HR, ctypes.POINTER(pointer), ctypes.c_uint32)(mf_create_attributes)
            ),
            mf_enum_device_sources=self._keep(
                PROTO(
                    HR,
                    pointer,
                    ctypes.POINTER(ctypes.POINTER(pointer)),
                    ctypes.POINTER(ctypes.c_uint32),
                )(mf_enum_device_sources)
            ),
        )

    # -- what a test checks ------------------------------------------------------------------

    def leaks(self) -> list[str]:
        """Objects not released to zero, allocations not freed (exactly once), methods called
        through the wrong vtable slot."""
        problems = [f"vtable slot {slot} called" for slot in self.wrong_slots]
        problems += [f"object {a:#x} has {n} references" for a, n in self.references.items() if n]
        problems += [f"{a:#x} not freed" for a in self.allocated if a not in self.freed]
        problems += [f"{a:#x} freed twice" for a in set(self.freed) if self.freed.count(a) > 1]
        problems += [
            f"{a:#x} freed but never allocated" for a in self.freed if a not in self.allocated
        ]
        return problems
