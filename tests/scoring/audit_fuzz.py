"""Random small organisations through the real build, audited by the independent attacker.

``python -m tests.scoring.audit_fuzz FIRST LAST`` builds the organisations of
``test_closure_audit_running._random_organisation`` for seeds FIRST..LAST-1 (closure audit on)
and runs the whole-organisation over-time attacker of ``test_privacy_attacker`` on each. It
prints every seed where the attacker pins a withheld closure or a shown rate to one or two
spells, and the seeds it cannot judge (published counts the attacker finds inconsistent).
Stop 17: seeds 0-299, 0 found, 9 not judged (all with a team that moves department, which
the attacker did not model then). Stop 18, with moves modelled: 0 found, 0 not judged.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from tests.scoring.test_closure_audit_running import _attack


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("first", type=int)
    ap.add_argument("last", type=int)
    args = ap.parse_args()
    found = unjudged = 0
    for seed in range(args.first, args.last):
        folder = Path(tempfile.mkdtemp(prefix="audit_fuzz"))
        try:
            problems = _attack(folder, seed)
        except AssertionError as e:  # the attacker's programme has no solution
            unjudged += 1
            print(f"{seed}: not judged ({e})", flush=True)
            continue
        finally:
            shutil.rmtree(folder)
        if problems:
            found += 1
            print(f"{seed}: {problems}", flush=True)
    print(f"seeds {args.first}-{args.last - 1}: {found} with findings, {unjudged} not judged")


if __name__ == "__main__":
    main()
