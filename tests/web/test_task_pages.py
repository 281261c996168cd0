"""`/nhiem-vu`'s navigator: numbered pages, links that keep the filters (URL-encoded, then
HTML-escaped), and the same rows as `/api/tasks` cut into pages of 100."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

ROW = re.compile(r'<td class="nowrap"><a href="/nhiem-vu/([^"]+)">')


def pager_links(page: str) -> list[str]:
    block = page.split('<p class="pager"', 1)[1].split("</p>", 1)[0]
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', block)]


def test_the_pages_are_api_tasks_in_order_and_the_links_keep_the_filters(as_role):
    b = as_role("secretariat")
    want = [t["code"] for t in b.get("/api/tasks?status=open").json()]
    assert len(want) > 100
    first = b.get("/nhiem-vu?trang_thai=open").text
    assert f"{len(want)} việc — trang 1/2" in first and '<span class="on" aria-current="page">1</span>' in first
    links = pager_links(first)
    assert [parse_qs(urlsplit(h).query) for h in links] == [{"trang_thai": ["open"], "trang": ["2"]}] * 2
    second = b.get("/nhiem-vu" + links[0]).text
    assert ROW.findall(first) + ROW.findall(second) == want
    assert pager_links(second)[0] == "?trang_thai=open&trang=1"


def test_an_agency_with_a_comma_stays_one_filter_and_nothing_is_echoed_raw(as_role):
    b = as_role("lead")
    agency = "Các sở, ban, ngành"
    want = [t["code"] for t in b.get("/api/tasks", params={"agency": agency}).json()]
    page = b.get("/nhiem-vu", params={"co_quan": agency, "trang_thai": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in page
    assert 100 < len(want) <= 200
    query = parse_qs(urlsplit(pager_links(page)[0]).query)
    assert query["co_quan"] == [agency] and query["trang_thai"] == ['"><script>alert(1)</script>']
    shown = ROW.findall(page) + ROW.findall(b.get("/nhiem-vu" + pager_links(page)[0]).text)
    assert shown == want  # an unknown status is no filter, as before


def test_the_overdue_page_is_paged_and_every_task_is_on_exactly_one_page(as_role, monkeypatch):
    from bot.web import pages_tasks

    b = as_role("lead")
    everything = re.findall(r'<a href="/nhiem-vu/([^"]+)">', b.get("/qua-han").text)
    total = int(re.search(r"Việc quá hạn \((\d+)\)", b.get("/qua-han").text).group(1))
    assert total == len(everything) > 7 and 'class="pager"' not in b.get("/qua-han").text
    monkeypatch.setattr(pages_tasks, "OVERDUE_PER_PAGE", 3)
    pages = -(-total // 3)
    seen = []
    for n in range(1, pages + 1):
        html = b.get(f"/qua-han?trang={n}").text
        rows = re.findall(r'<a href="/nhiem-vu/([^"]+)">', html)
        assert len(rows) == (3 if n < pages else total - 3 * (pages - 1)) and f"Việc quá hạn ({total})" in html
        assert 'class="pager"' in html and f'<span class="on" aria-current="page">{n}</span>' in html
        seen += rows
    assert seen == everything
    assert re.findall(r'<a href="/nhiem-vu/([^"]+)">', b.get("/qua-han?trang=999").text) == everything[3 * (pages - 1):]
