"""Gherkin scenarios for rule authors.

`steps.py` is the step library (a pytest plugin for pytest-bdd, English and
Swedish step texts); `context.py` is what the steps do, in plain Python;
`runner.py` runs a pack's `.feature` files in-process for
`readiness test-rules` and reports per rule.
"""
