"""Machine-code backends: shared lowering and one package per architecture."""

import importlib


def backend_names():
    """Every backend ``jit=`` accepts: the reference llgraph and each
    architecture whose instruction selection exists."""
    from ...emu.arch import ARCHS
    return ["llgraph"] + [name for name, desc in ARCHS.items() if desc.implemented]


def make_machine_backend(name, space, **options):
    """The machine backend for architecture ``name`` ("x86_64", "aarch64";
    "ppc64" and "s390x" have descriptor rows in emu/arch.py and raise
    NotImplementedError until their instruction selection exists)."""
    from ...emu.arch import descriptor
    from .runner import MachineBackend
    desc = descriptor(name)
    module = importlib.import_module(desc.backend)
    return MachineBackend(space, desc, module.CODEGEN, **options)
