"""A backup restored into an empty database gives the same pages."""

from tests.live import Server, manage, own_database, site_env

PAGES = ["/", "/czlonkowie/torun/", "/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/", "/zalecenia/"]


def _pages(env) -> dict[str, str]:
    server = Server(env, workers=1)
    try:
        # Figures are cached: a fresh cache for each site shows what each database holds.
        return {path: server.get(path)[1] for path in PAGES}
    finally:
        server.stop()


def test_backup_and_restore_into_an_empty_database(tmp_path):
    original = site_env(CACHE_KEY_PREFIX="pim-backup-original")
    own_database(original, tmp_path / "original", suffix="_backup_original")
    manage(original, "migrate", "-v0")
    manage(original, "createcachetable")
    manage(original, "load_pim_data", "-v0")
    manage(
        original,
        "shell",
        "-c",
        "from cities.models import Mid; Mid.objects.filter(member__slug='torun')"
        ".update(topic='Temat sprzed kopii zapasowej')",
    )
    backup = tmp_path / "pim.dump"
    assert "Backed up" in manage(original, "dump_database", str(backup))

    restored = site_env(CACHE_KEY_PREFIX="pim-backup-restored")
    own_database(restored, tmp_path / "restored", suffix="_backup_restored")
    assert "Restored" in manage(restored, "restore_database", str(backup), "--yes")

    before, after = _pages(original), _pages(restored)
    for path in PAGES:
        # The CSRF token differs per response; everything else is the same page.
        strip = lambda html: __import__("re").sub(r'value="[A-Za-z0-9]{64}"', "", html)  # noqa: E731
        assert strip(after[path]) == strip(before[path]), path
    assert "Temat sprzed kopii zapasowej" in after["/czlonkowie/torun/"]
