"""Typed errors. Each carries a plain-words reason an analyst can act on."""

from __future__ import annotations


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose."""


class UnreadableDocument(PipelineError):
    """An input file that cannot be converted (empty, wrong encoding, broken, encrypted...)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class RulesError(PipelineError):
    """The rules/ folder is invalid; raised before any notice is read."""
