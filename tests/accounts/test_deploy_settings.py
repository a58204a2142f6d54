"""Production settings: secure cookies, HTTPS and HSTS, and `newsstand check --deploy` clean."""

import json
import os
import secrets
import subprocess
import sys

PRINT_SECURITY = (
    "import json, newsstand.settings as s; print(json.dumps({name: getattr(s, name, None) for "
    "name in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', "
    "'SECURE_HSTS_SECONDS', 'SECURE_PROXY_SSL_HEADER', 'EMAIL_BACKEND']}))"
)


def production_env(tmp_path, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("NEWSSTAND_", "DJANGO_", "EMAIL_"))
        and key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(
        {
            "NEWSSTAND_HOME": str(tmp_path),
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "news.example.org",
            "NEWSSTAND_PUBLIC_URL": "https://news.example.org",
            "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
            **extra,
        }
    )
    return env


def security_settings(env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PRINT_SECURITY], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_newsstand_check_deploy_is_clean_under_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "newsstand", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_an_https_site_sends_cookies_only_over_https_and_asks_for_hsts(tmp_path):
    values = security_settings(production_env(tmp_path))
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000


def test_a_plain_http_development_site_keeps_cookies_usable(tmp_path):
    values = security_settings(production_env(tmp_path, NEWSSTAND_PUBLIC_URL=""))
    assert values["SESSION_COOKIE_SECURE"] is None
    assert values["SECURE_SSL_REDIRECT"] is None


def test_the_scheme_is_taken_from_a_proxy_only_when_one_is_declared(tmp_path):
    assert security_settings(production_env(tmp_path))["SECURE_PROXY_SSL_HEADER"] is None
    behind = security_settings(production_env(tmp_path, NEWSSTAND_PROXY_COUNT="1"))
    assert behind["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_mail_goes_over_smtp_when_a_host_is_set_else_to_the_console(tmp_path):
    assert security_settings(production_env(tmp_path))["EMAIL_BACKEND"].endswith(
        "console.EmailBackend"
    )
    smtp = security_settings(production_env(tmp_path, EMAIL_HOST="smtp.example.org"))
    assert smtp["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
