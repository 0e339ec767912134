# SPDX-License-Identifier: GPL-2.0
"""Tests of check.py: the real tables of a c and a rust run (fixtures/) pass; doctored ones fail.

Run: python3 test_check.py (exits nonzero on a failure).
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check  # noqa: E402

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def fixture(name):
    with open(os.path.join(FIX, name)) as f:
        return f.read()


def replace_row(text, case, answer):
    out = []
    for line in text.splitlines():
        fields = line.split("\t")
        if fields[0] == case:
            fields[1] = answer
            line = "\t".join(fields)
        out.append(line)
    return "\n".join(out) + "\n"


def drop_row(text, case):
    return "\n".join(l for l in text.splitlines() if l.split("\t")[0] != case) + "\n"


class CheckTest(unittest.TestCase):
    def setUp(self):
        self.c = fixture("badinput-c.txt")
        self.rust = fixture("badinput-rust.txt")

    def failing(self, c, rust, **kw):
        return [label for ok, label in check.diff(c, rust, **kw) if not ok]

    def test_real_tables_pass(self):
        for text in (self.c, self.rust):
            rows, problems = check.check_table(text, 0)
            self.assertEqual(problems, [])
            self.assertGreater(len(rows), 100)
        result = check.diff(self.c, self.rust)
        self.assertEqual(self.failing(self.c, self.rust), [])
        rows, _ = check.check_table(self.c, 0)
        self.assertEqual(len(result), len(rows))

    def test_fixtures_are_the_real_runs(self):
        # The fixtures come from the two kernels: the uname of each run is kept beside it.
        self.assertNotEqual(fixture("uname-c").strip(), "")
        self.assertNotEqual(fixture("uname-rust").strip(), "")

    def test_rust_answer_differs(self):
        bad = replace_row(self.rust, "dead.update_wrong_old", "ENOLINK")
        failing = self.failing(self.c, bad)
        self.assertEqual(len(failing), 1)
        self.assertIn("dead.update_wrong_old", failing[0])

    def test_both_answer_the_same_unexpected_value(self):
        c = replace_row(self.c, "query.cnt_too_small", "0")
        rust = replace_row(self.rust, "query.cnt_too_small", "0")
        failing = self.failing(c, rust)
        self.assertEqual(len(failing), 1)
        self.assertIn("query.cnt_too_small", failing[0])

    def test_row_missing(self):
        bad = drop_row(self.rust, "assign.tcp_closed_listener")
        failing = self.failing(self.c, bad)
        self.assertTrue(any("only on c" in f for f in failing), failing)
        self.assertTrue(any("rows, the table declares" in f for f in failing), failing)

    def test_cut_short(self):
        lines = self.rust.splitlines()
        bad = "\n".join(lines[: len(lines) // 2]) + "\n"
        _, problems = check.check_table(bad, 0)
        self.assertTrue(any("cut short" in p for p in problems), problems)
        self.assertTrue(self.failing(self.c, bad))

    def test_empty_and_missing(self):
        for text in ("", None, "\n"):
            _, problems = check.check_table(text, 0)
            self.assertTrue(problems)
            self.assertTrue(self.failing(self.c, text))

    def test_nonzero_status(self):
        _, problems = check.check_table(self.c, 1)
        self.assertTrue(any("status" in p for p in problems), problems)
        self.assertTrue(self.failing(self.c, self.rust, c_status=1))
        self.assertTrue(self.failing(self.c, self.rust, other_status=None))

    def test_duplicate_id(self):
        lines = self.c.splitlines()
        bad = "\n".join(lines[:2] + [lines[1]] + lines[2:]) + "\n"
        _, problems = check.check_table(bad, 0)
        self.assertTrue(any("duplicate" in p for p in problems), problems)

    def test_leaks(self):
        for case, value in (("leak.prog_ids", "1"), ("leak.link_ids", "2"),
                            ("leak.netns_slab_objects", "1"), ("leak.netns_count_exact", "no"),
                            ("kernel.splats", "3")):
            bad = replace_row(self.rust, case, value)
            failing = self.failing(self.c, bad)
            self.assertEqual(len(failing), 1, (case, failing))
            self.assertIn(case, failing[0])

    def test_leak_row_missing(self):
        bad = drop_row(self.c, "leak.netns_slab_objects")
        bad = bad.replace("# cases %d" % len(check.check_table(self.c, 0)[0]),
                          "# cases %d" % (len(check.check_table(self.c, 0)[0]) - 1))
        _, problems = check.check_table(bad, 0)
        self.assertEqual(problems, ["no leak.netns_slab_objects row"])

    def test_markdown(self):
        rows = len(check.check_table(self.c, 0)[0])
        text, ok = check.markdown([("c", self.c, 0), ("rust", self.rust, 0)])
        self.assertTrue(ok)
        lines = text.splitlines()
        self.assertEqual(len(lines), rows + 2)
        self.assertEqual(lines[0], "| case | expected | c | rust | |")
        self.assertTrue(all(l.endswith("| same |") for l in lines[2:]), text)
        self.assertIn("| `query.cnt_too_small` |", text)
        # one answer differs, a row is missing on another kernel: both rows say so, the others do not
        text, ok = check.markdown([("c", self.c, 0), ("rust", replace_row(self.rust, "dead.update_wrong_old", "0"), 0),
                                   ("debug", drop_row(self.rust, "assign.tcp_closed_listener"), 0)])
        self.assertFalse(ok)
        bad = [l for l in text.splitlines() if "DIFFERS" in l]
        self.assertEqual(len(bad), 2, text)
        self.assertIn("`dead.update_wrong_old`", bad[0] + bad[1])
        self.assertIn("(no row)", bad[0] + bad[1])
        self.assertIn("debug: %d rows, the table declares %d" % (rows - 1, rows), text)


if __name__ == "__main__":
    unittest.main()
