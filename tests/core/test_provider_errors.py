"""One translator of the SDK's errors: a round and the settings' connection test classify the
same error the same way, and differ in wording only where their context does."""

from __future__ import annotations

import importlib
import ssl
from types import SimpleNamespace
from typing import Any

import openai
import pytest

from camdraw.core import errors
from camdraw.core.providers import connection, servers
from camdraw.core.providers.provider import OpenAIProvider
from camdraw.core.providers.provider_errors import CONNECT, Fault, classify, translate_error

# The SDK's own HTTP library (httpx, or its successor in newer SDKs), for requests and answers.
http: Any = importlib.import_module(openai.DefaultHttpxClient.__mro__[1].__module__.split(".")[0])
URL = "http://127.0.0.1:9/v1"
OLLAMA = servers.make_server("ollama", URL)
REQUEST = http.Request("GET", f"{URL}/models")


def status(code: int, cls: type[openai.APIStatusError] = openai.APIStatusError) -> Exception:
    response = http.Response(code, request=REQUEST)
    return cls(f"Error code: {code}", response=response, body=None)


def unreachable(cause: BaseException) -> Exception:
    error = openai.APIConnectionError(request=REQUEST)
    error.__cause__ = cause
    return error


# error, its fault, the class a round raises, words the connection test says
CASES: dict[str, tuple[Exception, Fault, type[errors.CamdrawError], str]] = {
    "timeout": (
        openai.APITimeoutError(request=REQUEST),
        Fault.TIMEOUT,
        errors.ServiceUnavailableError,
        "did not answer within 5 s",
    ),
    "tls": (
        unreachable(ssl.SSLError("CERTIFICATE_VERIFY_FAILED")),
        Fault.TLS,
        errors.ServiceUnavailableError,
        "secure (TLS) connection",
    ),
    "unknown host": (
        unreachable(OSError("[Errno -2] Name or service not known")),
        Fault.UNKNOWN_HOST,
        errors.ServiceUnavailableError,
        "could not be found",
    ),
    "refused": (
        unreachable(ConnectionRefusedError("[Errno 111] Connection refused")),
        Fault.UNREACHABLE,
        errors.ServiceUnavailableError,
        "No server answers at 127.0.0.1:9. Is Ollama running?",
    ),
    "401": (
        status(401, openai.AuthenticationError),
        Fault.KEY_REFUSED,
        errors.AuthenticationError,
        "asks for a key (401)",
    ),
    "403": (
        status(403, openai.PermissionDeniedError),
        Fault.FORBIDDEN,
        errors.AuthenticationError,
        "asks for a key (403)",
    ),
    "404": (
        status(404, openai.NotFoundError),
        Fault.NOT_FOUND,
        errors.ModelNotFoundError,
        "no model list there",
    ),
    "405": (status(405), Fault.NOT_FOUND, errors.ModelNotFoundError, "no model list there"),
    "429": (
        status(429, openai.RateLimitError),
        Fault.RATE_LIMITED,
        errors.RateLimitError,
        "rate limiting",
    ),
    "500": (
        status(500, openai.InternalServerError),
        Fault.STATUS,
        errors.ServiceUnavailableError,
        "answered with an error (500)",
    ),
    "not json": (
        ValueError("Expecting value"),
        Fault.NOT_OPENAI,
        errors.BadResponseError,
        "web page",
    ),
}


class Raising:
    """An ``openai.OpenAI`` stand-in whose every request raises ``error``."""

    def __init__(self, error: Exception) -> None:
        def fail(**kwargs: Any) -> Any:
            raise error

        self.chat = SimpleNamespace(completions=SimpleNamespace(create=fail))
        self.models = SimpleNamespace(list=fail)

    def with_options(self, **options: Any) -> Raising:
        return self


def round_error(error: Exception) -> errors.CamdrawError:
    """What a round's describe step on the Ollama server raises for ``error``."""
    provider = OpenAIProvider(Raising(error), OLLAMA)
    upload: Any = SimpleNamespace(data_url="data:image/jpeg;base64,AAAA")
    with pytest.raises(errors.CamdrawError) as caught:
        provider.describe(upload, prompt="p", model="llava", detail="low", max_tokens=9, timeout=1)
    return caught.value


@pytest.mark.parametrize("name", list(CASES))
def test_a_round_and_the_connection_test_classify_an_error_the_same_way(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    error, fault, round_class, test_words = CASES[name]
    assert classify(error, step="describe") is classify(error, step=CONNECT) is fault

    assert type(round_error(error)) is round_class

    def failing(*args: Any, **kwargs: Any) -> list[str]:
        raise error

    monkeypatch.setattr(connection, "list_models", failing)
    report = connection.test_connection(URL, None, server="ollama", timeout=5)
    assert not report.ok and report.fault is fault
    assert test_words in report.message
    said = translate_error(error, step=CONNECT, server=OLLAMA, timeout=5)
    assert report.message == str(said)  # the translator's own sentence, not a second one


def test_the_round_is_told_the_servers_own_context_too() -> None:
    """Nothing answering at Ollama's address: the round names the preset's way out as the
    connection test does, and a keyless server asked for a key is not said to refuse one."""
    refused = round_error(CASES["refused"][0])
    assert "could not reach the AI service" in str(refused)
    assert "Is Ollama running? Start it with 'ollama serve'." in str(refused)
    asked = round_error(CASES["401"][0])
    assert "127.0.0.1:9 asks for a key (401)" in str(asked)
    assert "refused" not in str(asked)


def test_without_a_server_a_round_keeps_its_general_words() -> None:
    refused = translate_error(CASES["refused"][0], step="describe", model="m")
    assert str(refused) == (
        "camdraw could not reach the AI service. Check the internet connection and the server "
        "address in Settings, then Retry."
    )
    key = translate_error(CASES["401"][0], step="paint", model="m")
    assert str(key).startswith("The service refused the API key (401).")


def test_a_painting_refused_by_the_safety_system_is_a_policy_refusal_only_when_painting() -> None:
    refusal = openai.BadRequestError(
        "Your request was rejected by our safety system",
        response=http.Response(400, request=REQUEST),
        body={"error": {"message": "Your request was rejected by our safety system"}},
    )
    assert classify(refusal, step="paint") is Fault.POLICY
    assert classify(refusal, step="describe") is Fault.BAD_REQUEST
    assert isinstance(translate_error(refusal, step="paint"), errors.ContentRefusedError)


def test_camdraws_own_errors_pass_through() -> None:
    ours = errors.ConfigError("Enter the address.")
    assert classify(ours) is Fault.OURS
    assert translate_error(ours, step="describe") is ours
    assert translate_error(ours, step=CONNECT, server=OLLAMA) is ours
