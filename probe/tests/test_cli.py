"""The command line, run as a user would: `python3 probe/conclab_probe.py module:function`."""

import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from . import harness

PROBE_DIR = Path(__file__).resolve().parents[1]
SCRIPT = PROBE_DIR / "conclab_probe.py"


def run_probe(*args: str, cwd: Path = PROBE_DIR) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False)


class CommandLine(unittest.TestCase):
    def test_prints_a_summary_the_scenario_and_a_lab_link_holding_it(self):
        out = run_probe("tests.examples:sleep_briefly", "--args-json", "[0.02]", "--runs", "2")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("mostly waiting", out.stdout)
        self.assertIn("in sleep calls", out.stdout)
        lines = out.stdout.splitlines()
        start = lines.index("{")
        scenario = json.loads("\n".join(lines[start:lines.index("}", start) + 1]))
        link = next(line for line in lines if line.startswith("Open it in the Lab: "))
        url = urlsplit(link.split(": ", 1)[1])
        self.assertEqual(f"{url.scheme}://{url.netloc}{url.path}", "http://127.0.0.1:8080/")
        query = dict(parse_qsl(url.query))
        flat = {**scenario["workload"], "cores": scenario["machine"]["cores"],
                "python": scenario["python"]["version"],
                "switch_interval_ms": scenario["python"]["switch_interval_ms"],
                "model": scenario["model"]["kind"]}
        self.assertEqual(query, {k: str(v) for k, v in flat.items()})

    def test_json_prints_only_a_scenario_that_conclab_accepts(self):
        with tempfile.TemporaryDirectory() as tmp:
            items = Path(tmp, "items.json")
            items.write_text(json.dumps(list(range(40))))
            out = run_probe("tests.examples:sleep_briefly", "--args-json", "[0.02]", "--runs", "2",
                            "--items", str(items), "--json", "--lab-url", "http://lab.example/")
            self.assertEqual(out.returncode, 0, out.stderr)
            scenario = json.loads(out.stdout)
            self.assertEqual(scenario["workload"]["tasks"], 40)
            self.assertAlmostEqual(scenario["workload"]["io_ms"], 20.0, delta=3.0)
            self.assertEqual(scenario["model"], {"kind": "sequential"})
            path = Path(tmp, "s.json")
            path.write_text(out.stdout)
            run = subprocess.run([harness.conclab_binary(), "run", "--scenario", str(path), "--json"],
                                 capture_output=True, text=True, check=False)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEqual(json.loads(run.stdout)["model"], "sequential")

    def test_a_function_can_be_named_by_file_path(self):
        out = run_probe("probe/tests/examples.py:python_arithmetic", "--args-json", "[100000]",
                        "--runs", "1", "--json", cwd=harness.REPO)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertGreater(json.loads(out.stdout)["workload"]["cpu_ms"], 0.0)

    def test_an_exception_in_the_function_is_reported_with_its_traceback(self):
        out = run_probe("tests.examples:fails", "--args-json", '["no such row"]')
        self.assertEqual(out.returncode, 1)
        self.assertIn("tests.examples:fails raised ValueError", out.stderr)
        self.assertIn("raise ValueError(message)", out.stderr)
        self.assertIn("ValueError: no such row", out.stderr)
        self.assertNotIn(SCRIPT.name, out.stderr)  # the user's frames only
        self.assertEqual(out.stdout, "")

    def test_bad_input_exits_with_status_2_and_a_reason(self):
        for args, reason in ((["tests.examples:no_such_function"], "no_such_function"),
                             (["tests.examples"], "module:function"),
                             (["tests.examples:fails", "--args-json", "{}"], "--args-json"),
                             (["tests.examples:fails", "--items", os.devnull], "holds no items")):
            with self.subTest(args=args):
                out = run_probe(*args)
                self.assertEqual(out.returncode, 2)
                self.assertIn(reason, out.stderr)


if __name__ == "__main__":
    unittest.main()
