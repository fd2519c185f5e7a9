"""Messages for the user, in English, that a window can still show in another language.

``tr("at most {most} hidden layers, got {got}", most=16, got=20)`` is the English text (a
``str``: the CLI prints it, tests compare it) that also keeps its template (its ``key``) and its
arguments. The window looks the template up in its translations (``pyside6-lupdate`` finds
every ``tr("…")`` call in ``core`` and files it under the empty context) and fills in the same
arguments, so ``core`` needs no Qt and no list of keys kept by hand. An argument may itself be a
message (it is translated too).
"""

from __future__ import annotations

from typing import Any

__all__ = ["Message", "tr"]


class Message(str):
    """``template.format(**args)``, remembering ``template`` (the key) and ``args``. Immutable."""

    template: str
    args: tuple[tuple[str, Any], ...]

    def __new__(cls, template: str, /, **args: Any) -> Message:
        self = super().__new__(cls, template.format(**args))
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "args", tuple(args.items()))
        return self

    @property
    def key(self) -> str:
        return self.template

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Message is immutable")

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles keep the key
        return _rebuild, (self.template, self.args)


def _rebuild(template: str, args: tuple[tuple[str, Any], ...]) -> Message:
    return Message(template, **dict(args))


def tr(template: str, /, **args: Any) -> Message:
    """The message ``template`` with ``args`` filled in (``str.format`` fields), marked for translation."""
    return Message(template, **args)
