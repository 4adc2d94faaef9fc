import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from jurisdictions.models import ContactChannel, Offence


class Pages(BaseHTTPRequestHandler):
    def do_HEAD(self):
        if self.path == "/no-head":
            self.send_response(405)
        else:
            self.send_response(200 if self.path in {"/ok", "/no-head"} else 404)
        self.end_headers()

    def do_GET(self):
        self.send_response(200 if self.path in {"/ok", "/no-head"} else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_check_links_reports_broken_links_on_a_local_server(content, local_site):
    # Content must be https; these test links point at a local plain-http server.
    ContactChannel.objects.filter(content_key="za-information-regulator#1").update(value=f"{local_site}/gone")
    Offence.objects.filter(content_key="za-cybercrimes-s15").update(official_url=f"{local_site}/ok")
    Offence.objects.filter(content_key="za-cybercrimes-s16").update(official_url=f"{local_site}/no-head")
    out = StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("check_links", host=["127.0.0.1"], delay=0, stdout=out)
    report = out.getvalue()
    assert exit_status.value.code == 1
    assert "Checking 3 links" in report
    broken = [line for line in report.splitlines() if line.startswith("BROKEN")]
    assert len(broken) == 1 and broken[0].startswith(f"BROKEN 404 {local_site}/gone ")
    assert "2 working, 1 broken." in report
