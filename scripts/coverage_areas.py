"""Sums gcovr's per-file line counts into the areas the project has targets for."""
import fnmatch
import json
import sys

# (area, target %, file patterns relative to the repository root)
AREAS = [
    ("state machines", 90, ["actors/state_machine.hpp", "actors/*_state.cpp",
                            "actors/*_state.hpp", "actors/invalid_transition.*"]),
    ("auth", 90, ["api/jwt.*", "api/password_hasher.*", "api/hash_pool.*",
                  "api/authentication.*", "api/signing_key.*",
                  "api/auth_routes.*", "api/email_address.*"]),
    ("persistence", 90, ["persistence/*"]),
    ("api", 75, ["api/*"]),
    ("actors", 75, ["actors/*"]),
]


def main(path):
    files = json.load(open(path))["files"]
    failed = False
    print("coverage (lines, coverage flavour):")
    for area, target, patterns in AREAS:
        chosen = [f for f in files
                  if any(fnmatch.fnmatch(f["filename"], p) for p in patterns)]
        total = sum(f["line_total"] for f in chosen)
        covered = sum(f["line_covered"] for f in chosen)
        percent = 100.0 * covered / total if total else 0.0
        verdict = "ok" if percent >= target else "UNDER TARGET"
        failed |= percent < target
        print(f"  {area:15} {percent:5.1f}%  ({covered}/{total} lines, "
              f"{len(chosen)} files; target {target}%) {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
