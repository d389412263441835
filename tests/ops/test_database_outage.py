"""The database stops while the site serves: a quick, friendly 503; back by itself after."""

import time

from pgserver._commands import pg_ctl

from tests.live import Server, manage, site_env


def test_the_site_answers_503_while_postgresql_is_down_and_recovers_without_a_restart(pgdata):
    env = site_env(PGDATA_DIR=str(pgdata))
    env.pop("DATABASE_URL", None)
    manage(env, "migrate", "-v0")
    manage(env, "createcachetable")
    manage(env, "load_pim_data", "-v0")
    # Hold the embedded server open for the whole test, as the site's processes would.
    import pgserver

    keeper = pgserver.get_server(pgdata, cleanup_mode="stop")
    server = Server(env)
    try:
        assert server.get("/czlonkowie/")[0] == 200
        system_user = "pgserver" if keeper.system_user else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=system_user)

        status, body, seconds = server.get("/czlonkowie/")
        assert status == 503
        assert "Serwis chwilowo niedostępny" in body
        assert seconds < 5
        assert server.get("/readyz")[0] == 503
        assert server.get("/healthz")[0] == 200  # the process itself is fine

        pg_ctl(
            [
                "-w",
                "-o",
                f'-h "" -k {keeper.get_postmaster_info().socket_dir}',
                "-l",
                str(pgdata / "log"),
                "start",
            ],
            pgdata=pgdata,
            user=system_user,
        )
        deadline = time.monotonic() + 20
        while server.get("/czlonkowie/")[0] != 200:
            assert time.monotonic() < deadline, "the site did not recover"
            time.sleep(0.5)
        assert server.get("/readyz")[0] == 200
    finally:
        server.stop()
        keeper.cleanup()
