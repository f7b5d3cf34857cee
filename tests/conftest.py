"""Shared fixtures: the rules, loaded once, and builders for documents made from a string."""

from __future__ import annotations

import os

import pytest

from pipeline.model import RawDocument, Source
from pipeline.rules import load_rules


@pytest.fixture(scope="session", autouse=True)
def _pattern_cache_of_the_session(tmp_path_factory):
    """Compiled patterns go to a folder of this test session, not the user's cache."""
    os.environ["NOTICE_PIPELINE_CACHE"] = str(tmp_path_factory.mktemp("pattern-cache"))


@pytest.fixture(scope="session")
def rules():
    return load_rules()


def raw_document(text: str, doc_id: str = "t") -> RawDocument:
    """A RawDocument as a TXT reader would return it for `text`."""
    return RawDocument(doc_id=doc_id, source=Source(path=f"{doc_id}.txt", format="txt", sha256="0"), text=text)


@pytest.fixture
def make_raw():
    """Build a RawDocument (doc_id "t") from a string."""
    return raw_document


@pytest.fixture
def normalized(rules):
    """Normalize a string: text -> Document."""
    from pipeline.normalize import normalize

    return lambda text: normalize(raw_document(text), rules)


@pytest.fixture
def parse_text(rules):
    """Run the whole pipeline on a string: text -> Notice (doc_id "t")."""
    from pipeline.parse import parse

    return lambda text: parse(raw_document(text), rules)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the pipeline's output")
