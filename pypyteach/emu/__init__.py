"""Running machine code over the VM's heap: the target descriptors (arch),
one Unicorn machine per backend (machine), single-stepping for the widgets
(stepping) and Capstone disassembly annotated with trace ops (disasm)."""
