"""``spring68 serve`` options: loopback by default, a warning for any other address, a game per tab."""

from __future__ import annotations

import shlex

from game.cli import _parser
from game.serve import tab_command, warning_for


def test_the_default_is_loopback_only():
    args = _parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    assert warning_for(args.host) is None and warning_for("localhost") is None and warning_for("::1") is None


def test_another_address_gets_a_warning():
    for host in ("0.0.0.0", "192.0.2.10", "::"):
        warning = warning_for(host)
        assert warning and "anyone" in warning and host in warning


def test_each_tab_runs_its_own_game_process_with_the_packs_and_saves():
    command = shlex.split(tab_command(["/a pack", "/mod"], "/saves dir"))
    assert command[1:5] == ["-m", "game", "play", "--web-tab"]
    assert command[5:] == ["--pack", "/a pack", "--pack", "/mod", "--saves", "/saves dir"]


def test_a_broken_pack_is_reported_before_serving(run_cli):
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "1", "--pack", "/no/such/pack", timeout=60)
    assert result.returncode == 2 and "no pack.yaml" in result.stderr  # a broken pack is reported once, up front
