"""Compatibility shim for jobs written for Atlas.

Atlas jobs do ``import foundations; foundations.load_parameters()``; this
module re-exports Berth's implementation under that name.
"""

from berth import load_parameters

__all__ = ["load_parameters"]
