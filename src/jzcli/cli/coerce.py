"""Option values coerced without pydantic, for the plain types jz's options use.

Typer 0.29 converts every parameter value, defaults and the help flag included, with a
pydantic `TypeAdapter` built on first use: importing pydantic and building the adapters
takes 70-150 ms, more than `import typer` itself, for any command that has options. jz's
options are flags, strings, paths, whole numbers and decimals with bounds, choices and lists
of these. For a value that is plainly valid, `PlainParam` returns what Typer's adapter
returns, by the same Typer functions where there are some (choices, paths, parsers);
anything else (a value out of bounds, `1e3`, an empty path, a parser's error) goes to
Typer's own adapter, so errors and odd values are read exactly as Typer reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

try:  # Typer's coercion layer (0.29 and later); older Typers keep their own conversion.
    from typer._coercion import RuntimeParam, build_runtime_param, resolve_type_descriptor
    from typer._param_types import coerce_cli_choice, coerce_cli_path
    from typer.core import _TyperParameter

    TYPER_COERCION = True
except ImportError:  # pragma: no cover - depends on the installed Typer
    TYPER_COERCION = False

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


class _Fallback(Exception):
    """This value is not plainly valid: let Typer's adapter read it."""


def _number(value: Any, kind: type, info: Any) -> Any:
    if info.clamp:
        raise _Fallback
    if type(value) is kind:
        number = value
    elif kind is float and type(value) is int:
        number = float(value)
    elif isinstance(value, str) and (_INT if kind is int else _DECIMAL).fullmatch(value):
        number = kind(value)
    else:
        raise _Fallback
    if number != number or number in (float("inf"), float("-inf")):  # NaN, inf: Typer refuses
        raise _Fallback
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        raise _Fallback
    return number


def _leaf(value: Any, annotation: Any, info: Any, param: Any, ctx: Any) -> Any:
    """One value of a plain type, as Typer's adapter gives it; _Fallback when unsure."""
    if info.parser is not None:
        return info.parser(value)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return coerce_cli_choice(
            value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx
        )
    if annotation is int or annotation is float:
        return _number(value, annotation, info)
    if annotation is bool:
        if type(value) is not bool:
            raise _Fallback
        return value
    if annotation is str:
        if type(value) is not str:
            raise _Fallback
        return value
    if annotation is Path:
        if type(value) is str and value and "\x00" not in value:
            value = Path(value)
        elif type(value) is not type(Path()):
            raise _Fallback
        return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
    raise _Fallback


def plain_annotation(annotation: Any) -> bool:
    """Whether PlainParam reads this annotation (else Typer's adapter does, as before)."""
    if get_origin(annotation) is list:
        return len(get_args(annotation)) == 1 and plain_annotation(get_args(annotation)[0])
    if get_origin(annotation) is not None:
        return False
    return annotation in (bool, int, float, str, Path) or (
        isinstance(annotation, type) and issubclass(annotation, Enum)
    )


if TYPER_COERCION:

    @dataclass(frozen=True)
    class PlainParam(RuntimeParam):
        """Typer's runtime coercion for a plain annotation, pydantic only for odd values."""

        typer_param: list[Any] = field(default_factory=list)
        """Typer's own RuntimeParam for this parameter, built on the first odd value."""

        def _typer(self) -> Any:
            if not self.typer_param:
                descriptor = resolve_type_descriptor(self.annotation, self.parameter_info)
                self.typer_param.append(build_runtime_param(descriptor))
            return self.typer_param[0]

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            info = self.parameter_info
            origin: Any = get_origin(self.annotation)
            try:
                if origin is list:
                    item = get_args(self.annotation)[0]
                    items = value if isinstance(value, (list, tuple)) else [value]
                    return [_leaf(v, item, info, param, ctx) for v in items]
                return _leaf(value, self.annotation, info, param, ctx)
            except Exception:  # odd or invalid: Typer reads it (and words its error)
                return self._typer()._coerce_value(value, param=param, ctx=ctx)


def install_plain_params(params: list[Any]) -> None:
    """Give each Typer parameter with a plain annotation a PlainParam (no pydantic)."""
    if not TYPER_COERCION:  # pragma: no cover - depends on the installed Typer
        return
    for param in params:
        if not isinstance(param, _TyperParameter) or param._runtime_param is not None:
            continue
        descriptor = param.type_descriptor
        if descriptor.is_file or not plain_annotation(descriptor.annotation):
            continue
        param._runtime_param = PlainParam(
            parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
        )
