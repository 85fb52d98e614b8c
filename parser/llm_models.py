"""Choose a chat model by name: `provider:model` from `--llm` or the `VERIDOT_LLM` variable.

Models are created with LangChain's `init_chat_model`, so every provider LangChain knows
works (`openai:gpt-4o-mini`, `ollama:llama3.1`, `anthropic:...`). Provider packages are
optional extras; when one is missing the error names the package and the veridot extra that
brings it, instead of a traceback.

Grammar-constrained decoding (`$VERIDOT_LLM_GRAMMAR`): `gbnf` sends the FOL answer grammar
as GBNF in each request's `grammar` field (llama.cpp's `llama-server`), `vllm` sends it as a
Lark grammar in `guided_grammar` and `structured_outputs.grammar` (vLLM, old and new
spellings). Both go through an OpenAI-compatible endpoint, so they need the `openai` provider
(with `base_url` / `$OPENAI_BASE_URL` pointing at the server). Every model loaded here is
constrained when it is set, except the reasoning loop's, which writes free DoT blocks.
"""

from __future__ import annotations

import os
import re
from typing import Any

ENV_VAR = "VERIDOT_LLM"
GRAMMAR_ENV_VAR = "VERIDOT_LLM_GRAMMAR"
GRAMMAR_MODES = ("gbnf", "vllm")

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


def grammar_request(mode: str | None) -> dict[str, Any]:
    """The request fields that switch on grammar-constrained decoding for `mode` (or none)."""
    if not mode:
        return {}
    from veridot.parser.gbnf import export_grammar

    if mode == "gbnf":
        return {"grammar": export_grammar("gbnf")}
    if mode == "vllm":
        grammar = export_grammar("lark")
        return {"guided_grammar": grammar, "structured_outputs": {"grammar": grammar}}
    choices = ", ".join(GRAMMAR_MODES)
    raise ModelConfigError(f"{GRAMMAR_ENV_VAR}={mode!r} is not a grammar mode; choose {choices}")


def load_chat_model(spec: str, *, constrained: bool = True, **kwargs: Any) -> Any:
    """A LangChain chat model for `spec` ("provider:model"); `kwargs` go to init_chat_model.

    The grammar mode named by `$VERIDOT_LLM_GRAMMAR` (if any) applies to every request,
    since models are loaded to translate into FOL; `constrained=False` turns it off for a
    model that writes something else (the reasoning loop's). Raises `ModelConfigError` with an
    actionable message when the spec is malformed, the provider is unknown, its package is
    missing, or a grammar is asked of a provider that cannot take one. No network call.
    """
    spec = spec.strip()
    if ":" not in spec or not all(part.strip() for part in spec.split(":", 1)):
        raise ModelConfigError(
            f"LLM spec {spec!r} must look like provider:model, e.g. openai:gpt-4o-mini "
            "or ollama:llama3.1"
        )
    mode = os.environ.get(GRAMMAR_ENV_VAR, "").strip().lower() if constrained else ""
    if mode:
        if spec.split(":", 1)[0].strip() != "openai":
            raise ModelConfigError(
                f"{GRAMMAR_ENV_VAR} needs an OpenAI-compatible server (llama.cpp server or "
                f"vLLM) reached through the openai provider, not {spec!r}"
            )
        kwargs["extra_body"] = {**kwargs.get("extra_body", {}), **grammar_request(mode)}
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


def load_configured_model(
    spec: str | None = None, *, constrained: bool = True, **kwargs: Any
) -> Any | None:
    """The model named by `spec` or `$VERIDOT_LLM`, or None when neither is set."""
    chosen = configured_spec(spec)
    return load_chat_model(chosen, constrained=constrained, **kwargs) if chosen else None
