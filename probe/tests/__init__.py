"""Tests of conclab-probe: real work probed, and conclab's predictions checked against it."""
