"""The probe as a library: `measure()` around a block or a function, and what it leaves."""

import asyncio
import os
import sys
import threading
import time
import types
import unittest
from unittest import mock

import conclab_probe
from conclab_probe import CLEAN, GIL, TRACE

from . import examples


async def awaits_briefly(seconds: float) -> None:
    await asyncio.sleep(seconds)


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


class Library(unittest.TestCase):
    def test_a_block_entered_once_is_timed_and_says_what_it_did_not_measure(self):
        with conclab_probe.measure() as m:
            time.sleep(0.02)
        report = m.report()
        self.assertAlmostEqual(report.io_ms, 20.0, delta=3.0)
        self.assertEqual(report.calls, 1)
        self.assertTrue(any("GIL share not measured" in n for n in report.notes), report.notes)
        self.assertTrue(any("waits not split" in n for n in report.notes), report.notes)

    def test_a_decorated_function_is_measured_in_turns(self):
        m = conclab_probe.measure(tasks=250)
        sleep = m(examples.sleep_briefly)
        for _ in range(3):
            sleep(0.02)
        report = m.report()
        self.assertEqual((len(m.clean), len(m.traced), len(m.gil)), (1, 1, 1))
        self.assertEqual(report.tasks, 250)
        self.assertGreaterEqual(report.waits.get("sleep", 0.0), 0.85 * report.io_ms)
        self.assertEqual(report.payload_bytes, len(conclab_probe.ForkingPickler.dumps((0.02,))))
        self.assertEqual(report.result_bytes, len(conclab_probe.ForkingPickler.dumps(None)))

    def test_a_failing_block_leaves_no_thread_hook_file_or_setting_behind(self):
        m = conclab_probe.measure()
        before = (threading.active_count(), sys.getprofile(), sys.getswitchinterval(), open_fds())
        for mode in (CLEAN, TRACE, GIL):
            with self.subTest(mode), self.assertRaises(ValueError), m.entry(mode):
                examples.fails("mid-measurement")
            after = (threading.active_count(), sys.getprofile(), sys.getswitchinterval(), open_fds())
            self.assertEqual(after, before)
            if hasattr(sys, "monitoring"):
                self.assertIsNone(sys.monitoring.get_tool(sys.monitoring.PROFILER_ID))
        self.assertEqual((m.clean, m.traced, m.gil), ([], [], []))  # failed runs are not samples

    def test_a_profiler_already_set_is_put_back(self):
        def profiler(frame, event, arg):
            pass
        sys.setprofile(profiler)
        try:
            with conclab_probe.measure().entry(TRACE):
                examples.sleep_briefly(0.001)
            self.assertIs(sys.getprofile(), profiler)
        finally:
            sys.setprofile(None)

    def test_a_coroutine_function_runs_under_asyncio_and_waits_in_its_event_loop(self):
        report = conclab_probe.probe(awaits_briefly, (0.02,), runs=2)
        self.assertAlmostEqual(report.io_ms, 20.0, delta=4.0)
        self.assertGreaterEqual(report.waits.get("event-loop", 0.0), 0.85 * report.io_ms, report.waits)

    def test_unpicklable_arguments_are_noted_and_sent_as_nothing(self):
        report = conclab_probe.probe(id, (threading.Lock(),), runs=1)
        self.assertIsNone(report.payload_bytes)
        self.assertEqual(report.scenario()["workload"]["payload_bytes"], 0)
        self.assertTrue(any("cannot be pickled" in n for n in report.notes), report.notes)

    def test_the_running_python_maps_to_the_nearest_version_the_lab_knows(self):
        for minor, gil, expected in ((9, True, "3.11"), (12, True, "3.12"), (13, False, "3.13t"),
                                     (15, True, "3.14"), (15, False, "3.14t")):
            with self.subTest(minor=minor, gil=gil), \
                    mock.patch.object(sys, "version_info", types.SimpleNamespace(major=3, minor=minor)), \
                    mock.patch.object(sys, "_is_gil_enabled", lambda gil=gil: gil, create=True):
                self.assertEqual(conclab_probe.lab_python_version(), expected)

    def test_a_batch_file_counts_as_a_json_array_or_its_lines(self):
        with mock.patch("builtins.open", mock.mock_open(read_data='[1, [2, 3], "x"]')):
            self.assertEqual(conclab_probe.count_items("items.json"), 3)
        with mock.patch("builtins.open", mock.mock_open(read_data='{"a": 1}\n\n{"a": 2}\n')):
            self.assertEqual(conclab_probe.count_items("items.jsonl"), 2)

    def test_a_lab_link_joins_a_base_that_has_a_query_already(self):
        report = conclab_probe.probe(examples.sleep_briefly, (0.001,), runs=1)
        self.assertTrue(report.lab_url("http://lab.example/?embed=1").startswith(
            "http://lab.example/?embed=1&tasks=1&io_ms="))


if __name__ == "__main__":
    unittest.main()
