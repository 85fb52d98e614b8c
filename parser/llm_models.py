"""Choose a chat model by name: `provider:model` from `--llm` or the `VERIDOT_LLM` variable.

Models are created with LangChain's `init_chat_model`, so every provider LangChain knows
works (`openai:gpt-4o-mini`, `ollama:llama3.1`, `anthropic:...`). Provider packages are
optional extras; when one is missing the error names the package and the veridot extra that
brings it, instead of a traceback.
"""

from __future__ import annotations

import os
import re
from typing import Any

ENV_VAR = "VERIDOT_LLM"

# Providers with a veridot extra; others get the plain `pip install <package>` hint.
_EXTRAS = {"langchain-openai": "openai", "langchain-ollama": "ollama"}
_PACKAGE = re.compile(r"(langchain[-_][a-z0-9_-]+)")


class ModelConfigError(ValueError):
    """No model configured, a malformed spec, or a provider package that is not installed."""


def configured_spec(spec: str | None = None) -> str | None:
    """`spec` if given, else `$VERIDOT_LLM`, else None (no LLM configured)."""
    chosen = spec if spec else os.environ.get(ENV_VAR, "")
    return chosen.strip() or None


def _install_hint(package: str) -> str:
    extra = _EXTRAS.get(package)
    if extra:
        return f"pip install 'veridot[{extra}]' (or: pip install {package})"
    return f"pip install {package}"


def load_chat_model(spec: str, **kwargs: Any) -> Any:
    """A LangChain chat model for `spec` ("provider:model"); `kwargs` go to init_chat_model.

    Raises `ModelConfigError` with an actionable message when the spec is malformed, the
    provider is unknown, or its package is missing. Creating a model makes no network call.
    """
    spec = spec.strip()
    if ":" not in spec or not all(part.strip() for part in spec.split(":", 1)):
        raise ModelConfigError(
            f"LLM spec {spec!r} must look like provider:model, e.g. openai:gpt-4o-mini "
            "or ollama:llama3.1"
        )
    from langchain.chat_models import init_chat_model

    try:
        return init_chat_model(spec, **kwargs)
    except ImportError as err:
        match = _PACKAGE.search(str(err)) or _PACKAGE.search(getattr(err, "name", "") or "")
        package = match.group(1).replace("_", "-") if match else "the provider's package"
        raise ModelConfigError(
            f"the model {spec!r} needs {package}, which is not installed: {_install_hint(package)}"
        ) from err
    except ValueError as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ModelConfigError(f"cannot create model {spec!r}: {first}") from err


def load_configured_model(spec: str | None = None, **kwargs: Any) -> Any | None:
    """The model named by `spec` or `$VERIDOT_LLM`, or None when neither is set."""
    chosen = configured_spec(spec)
    return load_chat_model(chosen, **kwargs) if chosen else None
