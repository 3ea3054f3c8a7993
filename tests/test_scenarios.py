"""Every scenario in scenarios/ runs under pytest-bdd with the shipped step library."""

from pytest_bdd import scenarios

scenarios("../scenarios")
