"""Fixtures of the identifiers tests: a stand-in DataCite REST API on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from ipsp.identifiers import records, services
from ipsp.identifiers.models import Doi
from ipsp.identifiers.records import CitableRecord


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakeDataCite:
    """Answers each request with the next queued status (then the last one again)."""

    url: str
    requests: list[RecordedRequest] = field(default_factory=list)
    statuses: list[int] = field(default_factory=lambda: [201])

    def answer(self, *statuses: int) -> None:
        self.statuses = list(statuses)


@pytest.fixture
def fake_datacite() -> Iterator[FakeDataCite]:
    state = FakeDataCite(url="")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with lock:
                state.requests.append(
                    RecordedRequest("PUT", self.path, dict(self.headers.items()), body)
                )
                status = state.statuses.pop(0) if len(state.statuses) > 1 else state.statuses[0]
            payload = json.dumps({"data": {"id": "x", "attributes": {}}}).encode()
            if status >= 400:
                payload = json.dumps({"errors": [{"title": "Internal server error"}]}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/vnd.api+json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def datacite_credentials(settings: Any, fake_datacite: FakeDataCite) -> FakeDataCite:
    settings.DATACITE_API_URL = fake_datacite.url
    settings.DATACITE_USERNAME = "IPSP.TEST"
    settings.DATACITE_PASSWORD = "s3cret-test-password"
    settings.DOI_PREFIX = "10.99999"
    return fake_datacite


@pytest.fixture
def no_datacite_credentials(settings: Any, fake_datacite: FakeDataCite) -> FakeDataCite:
    settings.DATACITE_API_URL = fake_datacite.url
    settings.DATACITE_USERNAME = ""
    settings.DATACITE_PASSWORD = ""
    return fake_datacite


@dataclass
class FakeDirectory:
    """Stands in for a directory package (initiatives): keeps the records of its entries
    as published and is the record source registration reads them from."""

    entries: dict[tuple[str, int | None], CitableRecord] = field(default_factory=dict)

    def source(self, public_id: str, version: int | None) -> CitableRecord | None:
        return self.entries.get((public_id, version))

    def keep(self, record: CitableRecord) -> CitableRecord:
        self.entries[(record.public_id, record.version)] = record
        return record

    def publish(self, concept: CitableRecord, version: CitableRecord) -> tuple[Doi, Doi]:
        self.keep(concept)
        self.keep(version)
        return services.dois_publish(concept=concept, version=version)

    def reserve_concept(self, record: CitableRecord) -> Doi:
        return services.doi_reserve_concept(self.keep(record))


@pytest.fixture(autouse=True)
def directory(monkeypatch: pytest.MonkeyPatch) -> FakeDirectory:
    """The "initiative" entries of these tests come from a fake directory, not the real one."""
    fake = FakeDirectory()
    monkeypatch.setitem(records._SOURCES, "initiative", fake.source)
    return fake
