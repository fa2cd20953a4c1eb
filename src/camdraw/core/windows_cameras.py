"""The webcams Windows' Media Foundation lists, by name, without opening any of them.

OpenCV's Media Foundation backend (``cv2.CAP_MSMF``, which camdraw tries first on Windows)
numbers cameras in the order ``MFEnumDeviceSources`` returns them for video capture sources,
so the n-th name here is camera index n. Plain ctypes, no new dependency: one call to
enumerate, one string per device, every COM object released and every string freed.

Nothing here opens a camera (no light comes on, a camera in use stays in use), so it is cheap
enough for the Settings dialog. Any failure (Windows N without the Media Feature Pack, a COM
error) raises OSError and the caller falls back to not listing.
"""

from __future__ import annotations

import ctypes
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from camdraw.core.i18n import _

HRESULT = ctypes.c_int32  # LONG; negative means failure
FUNCTYPE = getattr(ctypes, "WINFUNCTYPE", ctypes.CFUNCTYPE)  # stdcall on Windows


class GUID(ctypes.Structure):
    _fields_ = [
        ("data1", ctypes.c_uint32),
        ("data2", ctypes.c_uint16),
        ("data3", ctypes.c_uint16),
        ("data4", ctypes.c_ubyte * 8),
    ]

    @classmethod
    def of(cls, text: str) -> GUID:
        return cls.from_buffer_copy(uuid.UUID(text).bytes_le)  # the in-memory layout


# mfidl.h
MF_DEVSOURCE_ATTRIBUTE_SOURCE_TYPE = "c60ac5fe-252a-478f-a0ef-bc8fa5f7cad3"
MF_DEVSOURCE_ATTRIBUTE_SOURCE_TYPE_VIDCAP_GUID = "8ac3587a-4ae7-42d8-99e0-0a6013eef90f"
MF_DEVSOURCE_ATTRIBUTE_FRIENDLY_NAME = "60d0e559-52f8-4fa2-bbce-acdb34a8ec01"
# mfapi.h: MF_VERSION for Windows 7 and later (MF_SDK_VERSION 2, MF_API_VERSION 0x70) and
# MFSTARTUP_LITE (no sockets: only local devices are wanted).
MF_VERSION = 0x00020070
MFSTARTUP_LITE = 0x1
COINIT_APARTMENTTHREADED = 0x2
RPC_E_CHANGED_MODE = -2147417850  # 0x80010106: COM already set up differently on this thread

# Vtable slots: IUnknown (QueryInterface, AddRef, Release), then IMFAttributes in the order
# of mfobjects.h; IMFActivate derives from IMFAttributes, so the slots hold for it too.
RELEASE = (2, FUNCTYPE(ctypes.c_ulong, ctypes.c_void_p))
GET_ALLOCATED_STRING = (
    13,
    FUNCTYPE(
        HRESULT,
        ctypes.c_void_p,
        ctypes.POINTER(GUID),
        ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(ctypes.c_uint32),
    ),
)
SET_GUID = (24, FUNCTYPE(HRESULT, ctypes.c_void_p, ctypes.POINTER(GUID), ctypes.POINTER(GUID)))


@dataclass(frozen=True)
class MediaFoundation:
    """The seven functions used, from ole32, mfplat and mf (or stand-ins in tests)."""

    co_initialize_ex: Callable[..., int]
    co_uninitialize: Callable[[], None]
    co_task_mem_free: Callable[[Any], None]
    mf_startup: Callable[..., int]
    mf_shutdown: Callable[[], int]
    mf_create_attributes: Callable[..., int]
    mf_enum_device_sources: Callable[..., int]


def load() -> MediaFoundation:
    """The real functions (Windows only; OSError where a DLL or function is missing)."""
    win_dll: Any = getattr(ctypes, "WinDLL", None)
    if win_dll is None:
        raise OSError("Media Foundation exists only on Windows")
    ole32, mfplat, mf = win_dll("ole32"), win_dll("mfplat"), win_dll("mf")
    pointer = ctypes.c_void_p
    signatures: dict[str, tuple[Any, Any, list[Any]]] = {
        "co_initialize_ex": (ole32.CoInitializeEx, HRESULT, [pointer, ctypes.c_uint32]),
        "co_uninitialize": (ole32.CoUninitialize, None, []),
        "co_task_mem_free": (ole32.CoTaskMemFree, None, [pointer]),
        "mf_startup": (mfplat.MFStartup, HRESULT, [ctypes.c_ulong, ctypes.c_uint32]),
        "mf_shutdown": (mfplat.MFShutdown, HRESULT, []),
        "mf_create_attributes": (
            mfplat.MFCreateAttributes,
            HRESULT,
            [ctypes.POINTER(pointer), ctypes.c_uint32],
        ),
        "mf_enum_device_sources": (
            mf.MFEnumDeviceSources,
            HRESULT,
            [pointer, ctypes.POINTER(ctypes.POINTER(pointer)), ctypes.POINTER(ctypes.c_uint32)],
        ),
    }
    functions = {}
    for name, (function, restype, argtypes) in signatures.items():
        function.restype, function.argtypes = restype, argtypes
        functions[name] = function
    return MediaFoundation(**functions)


def _method(obj: int, slot: tuple[int, Any]) -> Any:
    """Method ``slot`` (index, prototype) of the COM object at address ``obj``."""
    index, prototype = slot
    vtable = ctypes.cast(obj, ctypes.POINTER(ctypes.POINTER(ctypes.c_void_p))).contents
    return prototype(vtable[index])


def _check(hr: int, what: str) -> None:
    if hr < 0:
        raise OSError(f"{what} failed (HRESULT 0x{hr & 0xFFFFFFFF:08X})")


def camera_names(api: MediaFoundation | None = None) -> list[str]:
    """The video capture devices' names, in Media Foundation's (and so OpenCV MSMF's) order.
    A device without a name is called "Camera N"."""
    api = api or load()
    com = api.co_initialize_ex(None, COINIT_APARTMENTTHREADED)
    if com < 0 and com != RPC_E_CHANGED_MODE:
        _check(com, "CoInitializeEx")
    try:
        _check(api.mf_startup(MF_VERSION, MFSTARTUP_LITE), "MFStartup")
        try:
            return _enumerate(api)
        finally:
            api.mf_shutdown()
    finally:
        if com >= 0:  # S_OK or S_FALSE: each needs its CoUninitialize
            api.co_uninitialize()


def _enumerate(api: MediaFoundation) -> list[str]:
    attributes = ctypes.c_void_p()
    _check(api.mf_create_attributes(ctypes.byref(attributes), 1), "MFCreateAttributes")
    devices = ctypes.POINTER(ctypes.c_void_p)()
    count = ctypes.c_uint32(0)
    try:
        set_guid = _method(attributes.value or 0, SET_GUID)
        key = GUID.of(MF_DEVSOURCE_ATTRIBUTE_SOURCE_TYPE)
        video = GUID.of(MF_DEVSOURCE_ATTRIBUTE_SOURCE_TYPE_VIDCAP_GUID)
        _check(set_guid(attributes, ctypes.byref(key), ctypes.byref(video)), "SetGUID")
        _check(
            api.mf_enum_device_sources(attributes, ctypes.byref(devices), ctypes.byref(count)),
            "MFEnumDeviceSources",
        )
        return [_friendly_name(api, devices[i], i) for i in range(count.value)]
    finally:
        for i in range(count.value if devices else 0):
            if devices[i]:
                _method(devices[i], RELEASE)(devices[i])
        if devices:
            api.co_task_mem_free(ctypes.cast(devices, ctypes.c_void_p))
        if attributes.value:
            _method(attributes.value, RELEASE)(attributes)


def _friendly_name(api: MediaFoundation, device: int | None, index: int) -> str:
    fallback = _("Camera {index}").format(index=index)
    if not device:
        return fallback
    text = ctypes.c_void_p()
    length = ctypes.c_uint32(0)
    key = GUID.of(MF_DEVSOURCE_ATTRIBUTE_FRIENDLY_NAME)
    get_string = _method(device, GET_ALLOCATED_STRING)
    if get_string(device, ctypes.byref(key), ctypes.byref(text), ctypes.byref(length)) < 0:
        return fallback
    try:
        name = ctypes.wstring_at(text.value, length.value) if text.value else ""
    finally:
        if text.value:
            api.co_task_mem_free(text)
    return name.strip() or fallback
