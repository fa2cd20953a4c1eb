"""Stand-ins for Windows SAPI voice tokens (ISpeechObjectToken), shared by the speech tests."""

from __future__ import annotations


class FakeToken:
    def __init__(self, token_id: str, name: str, language: str) -> None:
        self.Id = token_id
        self._attributes = {"Name": name, "Language": language}

    def GetAttribute(self, name: str) -> str:
        return self._attributes.get(name, "")

    def GetDescription(self) -> str:
        return f"{self._attributes['Name']} - description"
