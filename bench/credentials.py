"""`python -m bench.credentials`: how fast we issue and verify passports, and what revocation costs.

Each figure is measured beside a baseline in the same run and printed as a ratio, absolute times beside:

1. issue: `credentials.services.passport_issue` (read the volunteer's vetting, allocate a status-list bit,
   sign, write the credential and its event, in one transaction) against `services.sign` alone on the same
   payloads, alternating volunteer by volunteer;
2. verify: `credentials.verify.verify` (shape, header, signature, dates, status bit; the status list cached in
   memory) against jwcrypto, an independent library, checking the same tokens' signatures only;
3. status list: `statuslist.get_bit` on a list of --credentials bits against membership in a Python set of the
   revoked indexes; encoded sizes at 0.1% and 1% revoked, and encode/decode times;
4. revocation: a verifier that refreshes the status list sees a revocation at once; one that caches it sees
   it at worst after the list endpoint's Cache-Control max-age, read from the endpoint's response.

Everything runs against a throwaway SQLite database in a temporary folder, never the service's database.
Benchmarks are not tests: nothing here asserts on a time, but every measured answer is checked.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import importlib.metadata
import json
import os
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parents[1]
CHUNKS = 10  # the real thing and its baseline alternate in this many chunks, so drift hits both alike
REVOKED_SHARES = (0.001, 0.01)
LOOKUP_REVOKED_SHARE = 0.01
ENCODE_REPEATS = 5
SEED = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--credentials", type=int, default=1_000_000,
                        help="Size of the status list, in credentials, and how many lookups to time (default 1000000)")
    parser.add_argument("--issue", type=int, default=2000, help="Passports to issue (default 2000)")
    parser.add_argument("--verify", type=int, default=5000, help="Verifications to time (default 5000)")
    parser.add_argument("--json", dest="json_path", default="", metavar="FILE", help="Also write the figures to FILE")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="python -m bench.credentials",
        description="Issue and verify rates for Volunteer Passports, status-list lookups and revocation "
                    "visibility, each against a baseline measured in the same run. Uses a throwaway SQLite "
                    "database in a temporary folder.",
    )
    add_arguments(parser)
    options = parser.parse_args(argv)
    for name in ("credentials", "issue", "verify"):
        if getattr(options, name) < 1:
            parser.error(f"--{name} must be at least 1")

    from django.conf import settings

    if settings.configured:
        # Django is already set up in this process, against some other database: measure in a fresh one.
        return subprocess.call([sys.executable, "-m", "bench.credentials", *argv], cwd=ROOT)
    with tempfile.TemporaryDirectory(prefix="vp-bench-credentials-") as folder:
        _set_up_django(Path(folder))
        try:
            figures = measure(credentials=options.credentials, issue=options.issue, verify_count=options.verify)
        finally:
            from django.db import connections

            connections.close_all()
    print(render(figures))
    if options.json_path:
        Path(options.json_path).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def run(options: dict[str, Any], out: TextIO) -> None:
    """For `passport bench credentials`: Django is set up there, so run in a fresh process and pass on its output."""
    argv = [f"--credentials={options['credentials']}", f"--issue={options['issue']}", f"--verify={options['verify']}"]
    if options.get("json_path"):
        argv.append(f"--json={options['json_path']}")
    done = subprocess.run([sys.executable, "-m", "bench.credentials", *argv], cwd=ROOT, capture_output=True,
                          text=True)
    out.write(done.stdout)
    if done.returncode:
        raise RuntimeError(f"the credentials benchmark failed:\n{done.stderr}")


def _set_up_django(folder: Path) -> None:
    import django
    from django.conf import settings
    from django.core.management import call_command

    database = folder / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["VAR_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "passport.settings"
    django.setup()
    if Path(settings.DATABASES["default"]["NAME"]).resolve() != database.resolve():
        raise RuntimeError("refusing to run: the database is not the benchmark's throwaway one")
    call_command("migrate", verbosity=0, interactive=False)


# Measuring ---------------------------------------------------------------------------------------------------


def measure(*, credentials: int, issue: int, verify_count: int) -> dict[str, Any]:
    started = dt.datetime.now(dt.UTC)
    load_before = os.getloadavg()
    officer, volunteers, setup_seconds = _people(issue)
    issuing, tokens = _issue(officer, volunteers)
    verifying = _verify(tokens, verify_count)
    status = _status_list(credentials)
    revocation = _revocation(officer)
    return {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "sizes": {"credentials": credentials, "issue": issue, "verify": verify_count},
        "setup_seconds": round(setup_seconds, 1),
        "issue": issuing,
        "verify": verifying,
        "status_list": status,
        "revocation": revocation,
        "machine": _machine(load_before),
    }


def _people(count: int) -> tuple[Any, list[Any], float]:
    """A vetting officer and `count` volunteers, each with an enhanced DBS check recorded through the service."""
    from django.utils import timezone

    from passport.accounts.models import Role, User
    from passport.accounts.services import role_grant
    from passport.vetting import services as vetting
    from passport.volunteers.models import Volunteer

    started = time.perf_counter()
    rng = random.Random(SEED)
    officer = User.objects.create(email="bench.officer@example.org", display_name="Bench Officer")
    role_grant(user=officer, role=Role.VETTING_OFFICER)
    users = User.objects.bulk_create(
        [User(email=f"bench.volunteer{i}@example.org", display_name=f"Volunteer {i}", password="!")
         for i in range(count)]
    )
    volunteers = Volunteer.objects.bulk_create([
        Volunteer(user=user, first_name=f"Volunteer{i}", last_name="Bench", date_of_birth=dt.date(1990, 5, 17),
                  postcode="LS1 4DY", easting=430000, northing=433000, la_code="E08000035")
        for i, user in enumerate(users)
    ])
    today = timezone.localdate()
    for i, volunteer in enumerate(volunteers):
        vetting.dbs_check_record(
            officer=officer, volunteer=volunteer, level=rng.choice(["enhanced", "enhanced_adults_barred", "standard"]),
            workforce=rng.choice(["adult", "child", "both"]), certificate_number=f"{i:012d}",
            issued_on=today - dt.timedelta(days=rng.randrange(10, 900)), outcome="suitable",
        )
        if i % 2 == 0:  # half also have their identity verified, so payloads vary as real ones do
            vetting.identity_record(officer=officer, volunteer=volunteer, method="documents_in_person",
                                    checked_on=today - dt.timedelta(days=rng.randrange(10, 900)))
    return officer, volunteers, time.perf_counter() - started


def _payload(token: str) -> dict[str, Any]:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _times(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    total = sum(ordered)
    return {
        "n": len(ordered),
        "per_second": round(len(ordered) / total, 1) if total else float("nan"),
        "mean_ms": round(total / len(ordered) * 1000, 3),
        "p50_ms": round(ordered[len(ordered) // 2] * 1000, 3),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 3),
        "total_s": round(total, 3),
    }


def _ratio(slow: float, fast: float) -> float:
    return round(slow / fast, 2) if fast else float("nan")


def _issue(officer: Any, volunteers: list[Any]) -> tuple[dict[str, Any], list[str]]:
    """Issue a passport to each volunteer; right after each, sign the same payload with `services.sign` alone,
    and with the key already in memory."""
    from joserfc import jws

    from passport.credentials import keys, services, vc
    from passport.credentials.verify import REGISTRY

    services.sign({"warm": "up"})  # makes the signing key, as the first issue in a new deployment would
    kid, key = keys.active_key()
    header = {"alg": vc.ALGORITHM, "kid": kid, "typ": vc.JOSE_TYPE}
    product, sign_only, in_memory, tokens = [], [], [], []
    for volunteer in volunteers:
        started = time.perf_counter()
        issued = services.passport_issue(volunteer=volunteer, actor=officer)
        product.append(time.perf_counter() - started)
        payload = _payload(issued.token)

        started = time.perf_counter()
        token, _ = services.sign(payload)
        sign_only.append(time.perf_counter() - started)

        started = time.perf_counter()
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        jws.serialize_compact(header, body, key, registry=REGISTRY)
        in_memory.append(time.perf_counter() - started)

        if token != issued.token:  # Ed25519 is deterministic: the same payload and key give the same token
            raise RuntimeError("services.sign gave a different token for the same payload")
        tokens.append(issued.token)
    tenth = max(1, len(product) // 10)
    issue, sign, memory = _times(product), _times(sign_only), _times(in_memory)
    return {
        "includes": "reading the volunteer's vetting, allocating a random status-list bit, signing, "
                    "writing the credential and its event, in one transaction",
        "passport_issue": issue,
        "services_sign": sign,
        "sign_key_in_memory": memory,
        "overhead_vs_sign": _ratio(issue["mean_ms"], sign["mean_ms"]),
        "sign_vs_key_in_memory": _ratio(sign["mean_ms"], memory["mean_ms"]),
        "first_tenth_mean_ms": round(statistics.fmean(product[:tenth]) * 1000, 3),
        "last_tenth_mean_ms": round(statistics.fmean(product[-tenth:]) * 1000, 3),
        "token_bytes_mean": round(statistics.fmean(len(t) for t in tokens)),
    }, tokens


def _alternate(count: int, first: Callable[[int], None], second: Callable[[int], None]) -> tuple[float, float]:
    """Run `first(i)` and `second(i)` for i in range(count), in alternating chunks; return each one's seconds."""
    spent = [0.0, 0.0]
    bounds = [count * c // CHUNKS for c in range(CHUNKS + 1)]
    for c in range(CHUNKS):
        for which, work in ((0, first), (1, second)) if c % 2 == 0 else ((1, second), (0, first)):
            started = time.perf_counter()
            for i in range(bounds[c], bounds[c + 1]):
                work(i)
            spent[which] += time.perf_counter() - started
    return spent[0], spent[1]


def _verify(tokens: list[str], count: int) -> dict[str, Any]:
    from django.utils import timezone
    from jwcrypto import jwk
    from jwcrypto import jws as jwcrypto_jws

    from passport.credentials import keys, services, verify

    keyset = keys.keyset_from(keys.jwks())
    issuer_id = services.issuer().id
    list_url = services.issuer().status_list_url(services.DEFAULT_LIST)
    bits = verify.status_bits_from_credential(services.status_list_token(), keyset, issuer_id, list_url)
    if bits is None:
        raise RuntimeError("our own status list did not verify")
    cached = {list_url: bits}
    public = {k["kid"]: jwk.JWK(**k) for k in keys.jwks()["keys"]}
    now = timezone.now()
    refused = []

    def ours(i: int) -> None:
        verdict = verify.verify(tokens[i % len(tokens)], keys=keyset, issuer_id=issuer_id,
                                status_bits=cached.get, now=now)
        if not verdict.ok:
            refused.append(verdict.reasons)

    def jwcrypto_signature(i: int) -> None:
        token = tokens[i % len(tokens)]
        signed = jwcrypto_jws.JWS()
        signed.deserialize(token)
        signed.verify(public[signed.jose_header["kid"]], alg="Ed25519")  # raises if the signature is bad

    for i in range(min(50, count)):  # warm both up
        ours(i)
        jwcrypto_signature(i)
    product, baseline = _alternate(count, ours, jwcrypto_signature)
    if refused:
        raise RuntimeError(f"{len(refused)} of our own passports did not verify: {refused[0]}")
    return {
        "includes": "token shape, header, kid, Ed25519 signature (joserfc), issuer, dates, status bit from a "
                    "status list held in memory",
        "verify": {"n": count, "per_second": round(count / product, 1), "mean_us": round(product / count * 1e6, 1)},
        "jwcrypto_signature_only": {
            "n": count, "per_second": round(count / baseline, 1), "mean_us": round(baseline / count * 1e6, 1)
        },
        "ratio_vs_jwcrypto": _ratio(product, baseline),
    }


def _revoked_list(size: int, share: float, rng: random.Random) -> tuple[bytes, list[int]]:
    from passport.credentials import statuslist

    revoked = rng.sample(range(size), max(1, round(size * share)))
    data = bytearray(statuslist.empty(size))
    for index in revoked:  # tens of thousands at most: the list itself is never walked in Python
        data[index // 8] |= 0x80 >> (index % 8)
    return bytes(data), revoked


def _median_seconds(work: Callable[[], Any], repeats: int) -> float:
    spent = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent)


def _status_list(size: int) -> dict[str, Any]:
    from passport.credentials import statuslist

    size = -(-size // 8) * 8  # whole bytes
    rng = random.Random(SEED)
    sizes = {}
    for share in REVOKED_SHARES:
        bits, revoked = _revoked_list(size, share, rng)
        encoded = statuslist.encode(bits)
        if statuslist.decode(encoded) != bits:
            raise RuntimeError("the status list did not survive encoding")
        sizes[f"{share:.1%}"] = {
            "revoked": len(revoked),
            "encoded_bytes": len(encoded),
            "raw_bytes": len(bits),
            "encode_ms": round(_median_seconds(lambda b=bits: statuslist.encode(b), ENCODE_REPEATS) * 1000, 2),
            "decode_ms": round(_median_seconds(lambda e=encoded: statuslist.decode(e), ENCODE_REPEATS) * 1000, 2),
        }

    bits, revoked = _revoked_list(size, LOOKUP_REVOKED_SHARE, rng)
    bits = statuslist.decode(statuslist.encode(bits))  # look up in what a verifier decoded, as verify() does
    if int.from_bytes(bits, "big").bit_count() != len(revoked):
        raise RuntimeError("the status list has the wrong number of bits set")
    revoked_set = set(revoked)
    lookups = rng.choices(range(size), k=size)
    found = [0, 0]
    get_bit = statuslist.get_bit

    def bit_lookups(chunk: list[int]) -> None:
        hits = 0
        for index in chunk:
            hits += get_bit(bits, index)
        found[0] += hits

    def set_lookups(chunk: list[int]) -> None:
        hits = 0
        for index in chunk:
            hits += index in revoked_set
        found[1] += hits

    spent = [0.0, 0.0]
    chunks = [lookups[size * c // CHUNKS:size * (c + 1) // CHUNKS] for c in range(CHUNKS)]
    for c, chunk in enumerate(chunks):
        order = ((0, bit_lookups), (1, set_lookups)) if c % 2 == 0 else ((1, set_lookups), (0, bit_lookups))
        for which, work in order:
            started = time.perf_counter()
            work(chunk)
            spent[which] += time.perf_counter() - started
    if found[0] != found[1]:
        raise RuntimeError(f"get_bit found {found[0]} revoked, the set {found[1]}")
    one_revocation = _median_seconds(lambda: statuslist.set_bit(bits, revoked[0]), 101)
    return {
        "bits": size,
        "lookups": size,
        "lookup_revoked_share": f"{LOOKUP_REVOKED_SHARE:.1%}",
        "revoked_found": found[0],
        "get_bit": {"total_ms": round(spent[0] * 1000, 1), "mean_ns": round(spent[0] / size * 1e9, 1),
                    "per_second": round(size / spent[0])},
        "set_membership": {"total_ms": round(spent[1] * 1000, 1), "mean_ns": round(spent[1] / size * 1e9, 1),
                           "per_second": round(size / spent[1])},
        "ratio_vs_set": _ratio(spent[0], spent[1]),
        "list_bytes": len(bits),
        "set_bytes_estimate": sys.getsizeof(revoked_set) + sum(sys.getsizeof(i) for i in revoked),
        "set_bit_us": round(one_revocation * 1e6, 1),
        "encoded": sizes,
    }


def _revocation(officer: Any) -> dict[str, Any]:
    """Revoke one passport and ask two verifiers: one that refreshes the status list, one that caches it."""
    from django.conf import settings
    from django.test import Client, override_settings
    from django.utils import timezone

    from passport.credentials import keys, services, verify
    from passport.credentials.models import IssuedCredential

    keyset = keys.keyset_from(keys.jwks())
    issuer_id = services.issuer().id
    list_url = services.issuer().status_list_url(services.DEFAULT_LIST)
    path = list_url.removeprefix(settings.SITE_URL)
    credential = IssuedCredential.objects.filter(revoked_at__isnull=True).order_by("created_at").first()
    if credential is None:
        raise RuntimeError("nothing to revoke")

    def fetched() -> tuple[bytes | None, int | None, float]:
        started = time.perf_counter()
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            response = Client().get(path)
        bits = verify.status_bits_from_credential(response.content.decode(), keyset, issuer_id, list_url)
        found = re.search(r"max-age=(\d+)", response.headers.get("Cache-Control", ""))
        return bits, int(found.group(1)) if found else None, time.perf_counter() - started

    def revoked(bits: bytes | None) -> bool:
        verdict = verify.verify(credential.token, keys=keyset, issuer_id=issuer_id,
                                status_bits=lambda url: bits if url == list_url else None, now=timezone.now())
        if verdict.revoked is None:
            raise RuntimeError(f"the status could not be checked: {verdict.reasons}")
        return verdict.revoked

    cached_bits, max_age, fetch_seconds = fetched()
    if revoked(cached_bits):
        raise RuntimeError("the passport was revoked before the benchmark revoked it")

    revoked_at = time.perf_counter()
    services.credential_revoke(credential=credential, reason="officer_decision", actor=officer)
    revoke_seconds = time.perf_counter() - revoked_at

    started = time.perf_counter()
    fresh_bits = verify.status_bits_from_credential(services.status_list_token(), keyset, issuer_id, list_url)
    refreshed_sees_it = revoked(fresh_bits)
    refresh_seconds = time.perf_counter() - started
    seen_after = time.perf_counter() - revoked_at

    endpoint_bits, _, endpoint_seconds = fetched()
    return {
        "refreshing_verifier_sees_it": refreshed_sees_it,
        "refresh_through_endpoint_sees_it": revoked(endpoint_bits),
        "caching_verifier_sees_it": revoked(cached_bits),
        "revoke_ms": round(revoke_seconds * 1000, 2),
        "refresh_and_verify_ms": round(refresh_seconds * 1000, 2),
        "seen_after_revoke_ms": round(seen_after * 1000, 2),
        "endpoint_fetch_and_decode_ms": round(min(fetch_seconds, endpoint_seconds) * 1000, 2),
        "cache_control_max_age_s": max_age,
        "setting_status_list_max_age_s": settings.STATUS_LIST_MAX_AGE_SECONDS,
        "status_list_bits": len(fresh_bits or b"") * 8,
    }


def _machine(load_before: tuple[float, float, float]) -> dict[str, Any]:
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    versions = {}
    for package in ("Django", "joserfc", "jwcrypto", "cryptography"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "sqlite": sqlite3.sqlite_version,
        "versions": versions,
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


# Printing ----------------------------------------------------------------------------------------------------


def render(f: dict[str, Any]) -> str:
    i, v, s, r, m = f["issue"], f["verify"], f["status_list"], f["revocation"], f["machine"]
    pi, sg, km = i["passport_issue"], i["services_sign"], i["sign_key_in_memory"]
    ours, theirs = v["verify"], v["jwcrypto_signature_only"]
    gb, sm = s["get_bit"], s["set_membership"]
    out = [
        f"Credentials benchmark, {f['date']}: {m['cpus']} CPUs ({m['cpu']}), Python {m['python']}, "
        f"SQLite {m['sqlite']}, load {m['load_before']} before, {m['load_after']} after",
        f"  setup: {f['sizes']['issue']} volunteers with a DBS check recorded through the vetting services "
        f"in {f['setup_seconds']} s (not measured)",
        "",
        f"Issue ({pi['n']} passports; {i['includes']})",
        f"  {'':<34}{'per second':>12}{'mean':>11}{'p50':>11}{'p95':>11}",
        _row("passport_issue", pi),
        _row("services.sign (baseline)", sg),
        _row("sign, key already in memory", km),
        f"  overhead: passport_issue takes {i['overhead_vs_sign']:.1f}x the time of services.sign "
        f"({pi['mean_ms']:.2f} ms / {sg['mean_ms']:.2f} ms); services.sign takes {i['sign_vs_key_in_memory']:.1f}x "
        f"signing with the key in memory ({km['mean_ms']:.3f} ms)",
        f"  first tenth {i['first_tenth_mean_ms']:.2f} ms per passport, last tenth {i['last_tenth_mean_ms']:.2f} ms; "
        f"tokens average {i['token_bytes_mean']} bytes",
        "",
        f"Verify ({ours['n']} verifications of {pi['n']} tokens; {v['includes']})",
        f"  verify()                          {ours['per_second']:>10,.0f}/s  {ours['mean_us']:>8.1f} us each",
        f"  jwcrypto, signature only          {theirs['per_second']:>10,.0f}/s  {theirs['mean_us']:>8.1f} us each",
        f"  ratio: verify() takes {v['ratio_vs_jwcrypto']:.2f}x the time of jwcrypto's signature check",
        "",
        f"Status list ({s['bits']:,} bits, {s['lookups']:,} lookups, {s['lookup_revoked_share']} revoked: "
        f"{s['revoked_found']:,} hits)",
        f"  statuslist.get_bit                {gb['total_ms']:>8.1f} ms  {gb['mean_ns']:>7.1f} ns each"
        f"  {gb['per_second']:>12,}/s",
        f"  set membership (baseline)         {sm['total_ms']:>8.1f} ms  {sm['mean_ns']:>7.1f} ns each"
        f"  {sm['per_second']:>12,}/s",
        f"  ratio: get_bit takes {s['ratio_vs_set']:.2f}x the time of set membership; the list holds "
        f"{s['list_bytes']:,} bytes, the set about {s['set_bytes_estimate']:,}",
        f"  one revocation (set_bit copies the list): {s['set_bit_us']:.1f} us",
    ]
    for share, e in s["encoded"].items():
        out.append(
            f"  {share} revoked ({e['revoked']:,}): encoded {e['encoded_bytes']:,} bytes "
            f"({e['encoded_bytes'] / e['raw_bytes']:.1%} of {e['raw_bytes']:,}), "
            f"encode {e['encode_ms']:.1f} ms, decode {e['decode_ms']:.1f} ms"
        )
    out += [
        "",
        f"Revocation ({r['status_list_bits']:,}-bit status list)",
        f"  refreshing verifier sees it: {_yes(r['refreshing_verifier_sees_it'])}, "
        f"{r['seen_after_revoke_ms']:.1f} ms after the revocation (revoke {r['revoke_ms']:.1f} ms, "
        f"re-sign list + decode + verify {r['refresh_and_verify_ms']:.1f} ms); through the endpoint: "
        f"{_yes(r['refresh_through_endpoint_sees_it'])}",
        f"  caching verifier sees it: {_yes(r['caching_verifier_sees_it'])}, at worst after max-age "
        f"{r['cache_control_max_age_s']} s (Cache-Control of GET /credentials/status/1; "
        f"STATUS_LIST_MAX_AGE_SECONDS={r['setting_status_list_max_age_s']}); a refresh costs "
        f"{r['endpoint_fetch_and_decode_ms']:.1f} ms",
    ]
    return "\n".join(out)


def _row(label: str, t: dict[str, float]) -> str:
    return (f"  {label:<34}{t['per_second']:>10,.1f}/s{t['mean_ms']:>8.3f} ms{t['p50_ms']:>8.3f} ms"
            f"{t['p95_ms']:>8.3f} ms")


def _yes(value: bool) -> str:
    return "yes" if value else "no"


if __name__ == "__main__":
    raise SystemExit(main())
