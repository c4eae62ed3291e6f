"""``spring68 serve`` options: loopback by default, a warning for any other address, limits and addresses checked."""

from __future__ import annotations

from game.cli import _parser
from game.serve import ServeOptions, warning_for
from tests.conftest import MINI


def test_the_default_is_loopback_only_and_a_class_sized_tab_limit():
    args = _parser().parse_args(["serve"])
    assert (args.host, args.port, args.max_tabs, args.public_url, args.allow_origin) == (
        "127.0.0.1",
        8000,
        40,
        None,
        [],
    )
    assert warning_for(args.host) is None and warning_for("localhost") is None and warning_for("::1") is None


def test_another_address_gets_a_warning():
    for host in ("0.0.0.0", "192.0.2.10", "::"):
        warning = warning_for(host)
        assert warning and "anyone" in warning and host in warning


def test_the_new_options_are_parsed():
    args = _parser().parse_args(
        [
            "serve",
            "--max-tabs",
            "12",
            "--public-url",
            "http://teacher-pc.local:8000",
            "--allow-origin",
            "https://a.example",
            "--allow-origin",
            "https://b.example",
        ]
    )
    assert args.max_tabs == 12 and args.public_url == "http://teacher-pc.local:8000"
    assert args.allow_origin == ["https://a.example", "https://b.example"]


def test_the_log_goes_beside_the_browsers_folders(tmp_path):
    assert ServeOptions(saves=tmp_path).log_file == tmp_path / "web" / "serve.log"


def test_a_bad_tab_limit_is_refused(run_cli):
    for value in ("0", "-1", "many", "1001"):
        result = run_cli("serve", "--max-tabs", value, timeout=60)
        assert result.returncode == 2 and "not a number of tabs from 1 to 1000" in result.stderr, value


def test_a_bad_address_is_refused_before_serving(run_cli):
    result = run_cli("serve", "--port", "1", "--pack", str(MINI), "--public-url", "teacher-pc:8000", timeout=60)
    assert result.returncode == 2 and "--public-url 'teacher-pc:8000' is not an address like" in result.stderr
    result = run_cli("serve", "--port", "1", "--pack", str(MINI), "--allow-origin", "https://x/path", timeout=60)
    assert result.returncode == 2 and "--allow-origin 'https://x/path' is not an origin like" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_port_in_use_is_one_line(run_cli):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port), "--pack", str(MINI), timeout=60)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr


def test_a_broken_pack_is_reported_before_serving(run_cli):
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "1", "--pack", "/no/such/pack", timeout=60)
    assert result.returncode == 2 and "no pack.yaml" in result.stderr  # a broken pack is reported once, up front


def test_a_language_for_every_tab_goes_before_the_game_s_command(tmp_path, run_cli):
    import shlex

    from game.serve.tabs import tab_command

    command = shlex.split(tab_command("b1", None, str(tmp_path), tmp_path / "log", ("--classroom",), lang="cs"))
    assert command[command.index("-m") + 1 : command.index("play") + 1] == ["game", "--lang", "cs", "play"]
    assert "--lang" not in shlex.split(tab_command("b1", None, str(tmp_path), tmp_path / "log"))
    for argv in (["--lang", "cs", "serve"], ["serve", "--lang", "cs"]):
        args = _parser(argv).parse_args(argv)
        assert (getattr(args, "sub_lang", None) or args.lang) == "cs"
    refused = run_cli("--pack", str(MINI), "serve", "--lang", "cs", "--port", "1")
    assert refused.returncode == 2 and "no 'cs' translation; languages: en" in refused.stderr
    assert "Traceback" not in refused.stderr
