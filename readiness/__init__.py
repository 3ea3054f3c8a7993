"""readiness: a rules-based readiness assessment for Intune rollouts.

Data flows one way: loader (plan file -> validated Plan) -> facts (Plan -> flat
facts) -> engine (compiled rule pack x facts -> firings, via durable_rules) ->
report (firings -> gates and findings) -> render (report -> table, JSON, ...).
The CLI is a thin layer over those modules.
"""

__version__ = "0.1.0"
