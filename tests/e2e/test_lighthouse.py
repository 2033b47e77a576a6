"""Lighthouse, as outside reviewers judge the site: on mobile, accessibility, best practices and SEO
score 100 on one public page of each kind. (Its performance score is a speed figure, so it lives in
a benchmark: bench/lighthouse.py.)"""

from ..lighthouse import audited_paths, lighthouse

CATEGORIES = ["accessibility", "best-practices", "seo"]


def test_every_audited_page_scores_100_in_accessibility_best_practices_and_seo(live_server):
    paths = audited_paths()
    report = lighthouse(CATEGORIES, [live_server.url + path for path in paths.values()])

    short_of_100 = []
    for page_id, path in paths.items():
        audited = report[live_server.url + path]
        assert audited["runtimeError"] is None, f"{page_id}: {audited['runtimeError']}"
        assert set(audited["scores"]) == set(CATEGORIES)
        short_of_100 += [f"{page_id} {lost['category']}: {lost['title']} {lost['shown']}" for lost in audited["lost"]]
        short_of_100 += [f"{page_id} {name}: {score}" for name, score in audited["scores"].items() if score != 1]
    assert not short_of_100, "\n".join(short_of_100)
