"""Machine-code backends: shared lowering and one package per architecture.

Which package serves which target is decided here, not in emu/: the
emulator knows targets (emu/arch.py), the JIT knows its code generators.
Each architecture's package exports ``CODEGEN`` (its code generator class;
a package serving several targets, such as ppc64 for both byte orders, also
maps each target to its own in ``CODEGENS``) and ``setup_cpu(machine)`` (what its emulated CPU needs after memory is
mapped).  Packages are imported when first used, so that starting the VM
does not load every encoder.
"""


def _x86():
    from . import x86
    return x86


def _aarch64():
    from . import aarch64
    return aarch64


def _ppc64():
    from . import ppc64
    return ppc64


def _s390x():
    from . import s390x
    return s390x


# target name (emu/arch.py ARCHS) -> the function importing its package
PACKAGES = {
    "x86_64": _x86,
    "aarch64": _aarch64,
    "ppc64": _ppc64,
    "ppc64le": _ppc64,
    "s390x": _s390x,
}


class BackendMissing(NotImplementedError):
    """A target the emulator describes but no code generator serves yet."""


def backend_names():
    """Every backend ``jit=`` accepts: the reference llgraph and each
    architecture whose code generator exists."""
    return ["llgraph"] + list(PACKAGES)


def backend_package(name):
    """The package compiling for target ``name``; BackendMissing for a
    target emu/arch.py describes but nothing compiles for yet, ValueError
    for an unknown name."""
    from ...emu.arch import descriptor
    desc = descriptor(name)
    if name not in PACKAGES:
        raise BackendMissing(
            "the %s backend is not written yet: its descriptor row is in pypyteach/emu/arch.py "
            "(registers, Unicorn/Capstone modes; %s); it needs a code generator in "
            "pypyteach/jit/backend/" % (name, desc.notes.rstrip(".")))
    return PACKAGES[name]()


def make_machine_backend(name, space, **options):
    """The machine backend for architecture ``name`` (see ``backend_names``)."""
    from ...emu.arch import descriptor
    from .runner import MachineBackend
    package = backend_package(name)
    codegen = getattr(package, "CODEGENS", {}).get(name, package.CODEGEN)
    backend = MachineBackend(space, descriptor(name), codegen, package.setup_cpu, **options)
    backend.nests_under_step_budget = getattr(package, "NESTS_UNDER_STEP_BUDGET", True)
    return backend


class ByteOrderError(ValueError):
    """A heap byte order the chosen target cannot run on (a usage error)."""


def heap_byteorder(jit=None, requested=None):
    """The byte order of the VM's heap for backend ``jit``: the target's
    own (ppc64: big-endian) unless ``requested``, which must then agree
    with it; llgraph and the interpreter take either (default little)."""
    target = target_byteorder(jit)
    if requested is not None and target is not None and requested != target:
        raise ByteOrderError("the %s backend runs machine code over the heap, so the heap must be "
                             "%s-endian like the target; %s-endian was requested (drop --byteorder, "
                             "or choose a %s-endian target)" % (jit, target, requested, requested))
    return requested or target or "little"


def target_byteorder(name):
    """The byte order the heap must have for backend ``name`` (None: any,
    as llgraph runs on any heap)."""
    if name is None or name not in PACKAGES:
        return None
    from ...emu.arch import descriptor
    return descriptor(name).byteorder
