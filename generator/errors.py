"""The one exception family of the generator.

A schema that no value can satisfy is a mistake in a spec, so it is reported
when the schema is compiled, with the operation (`where`), the keyword that
cannot be met and the place inside the schema. Nothing is left to be found out
while a request is being served.
"""

from __future__ import annotations


class GeneratorError(Exception):
    """Base of every error the generator raises on purpose."""


class UnsatisfiableSchema(GeneratorError):
    """No value can satisfy the schema, or the generator cannot produce one."""

    def __init__(self, where: str, keyword: str, detail: str) -> None:
        self.where = where
        self.keyword = keyword
        self.detail = detail
        super().__init__(f"{where}: `{keyword}` cannot be satisfied: {detail}")


class SchemaProblem(Exception):
    """Raised deep inside conversion; the plan turns it into UnsatisfiableSchema.

    The converter and the compilers know the keyword and the place inside the
    schema but not the operation, so they raise this and the caller adds
    `where`.
    """

    def __init__(self, keyword: str, pointer: str, detail: str) -> None:
        self.keyword = keyword
        self.pointer = pointer
        self.detail = detail
        super().__init__(f"{keyword} at {pointer or '/'}: {detail}")

    def attach(self, where: str) -> UnsatisfiableSchema:
        return UnsatisfiableSchema(
            where, self.keyword, f"at {self.pointer or '/'}, {self.detail}"
        )
