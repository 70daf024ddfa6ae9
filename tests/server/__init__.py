"""Tests of ``pozuzo-kg serve`` against the real command."""
