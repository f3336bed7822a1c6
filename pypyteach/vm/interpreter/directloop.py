"""The interpreter's dispatch loop.

While one frame runs, its stack, locals, constants and pc stay in host
locals, and the commonest bytecodes (loads and stores of locals and
constants, stack shuffles, jumps, tests of a bool) run inline without a
handler call.  Every other bytecode, and an inline one in an unusual case
(an unbound local, a condition that is not a bool), calls the handler of
``interp.fast_handlers`` (fastpath.py), or of ``interp.handlers`` if
``space.ll`` is not the direct one.

With a JIT attached (``interp.jitdriver``), the loop calls
``jit_merge_point`` where the JIT needs it: at loop headers
(Code.loop_headers) and before a function's first bytecode.  Backward
jumps and returns then go through their handlers, which call
``can_enter_jit`` and ``frame_returns``.  While the driver asks for every
bytecode (``every_bytecode``: the JIT is tracing, or a step recorder
watches), each bytecode takes the general step instead
(Interpreter.execute_bytecode after a merge point), as PyPy's
``dispatch`` runs ``jit_merge_point`` before each bytecode.

What the general step guarantees holds here too: one step per bytecode,
checked against ``max_steps`` before it runs; a collection at a bytecode
boundary when the GC asks; ``frame.last_instr`` and ``frame.pc`` exact
whenever a handler or a merge point runs, an exception is raised or a
collection happens (the GC finds roots in the frames' lists, which are
the lists held here).  In PyPy the interpreter is translated to C; this
loop is the hand-made version of what that buys for the hottest bytecodes.
"""

from ..compiler import opcodes
from ..errors import RestartBytecode
from ..memory.gc import HeapExhausted
from ..objspace.operationerror import OperationError

LOAD_FAST, STORE_FAST, LOAD_CONST = opcodes.LOAD_FAST, opcodes.STORE_FAST, opcodes.LOAD_CONST
POP_TOP, DUP_TOP, ROT_TWO = opcodes.POP_TOP, opcodes.DUP_TOP, opcodes.ROT_TWO
JUMP_FORWARD, JUMP_ABSOLUTE = opcodes.JUMP_FORWARD, opcodes.JUMP_ABSOLUTE
POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE = opcodes.POP_JUMP_IF_FALSE, opcodes.POP_JUMP_IF_TRUE
RETURN_VALUE = opcodes.RETURN_VALUE
INLINE = frozenset([LOAD_FAST, STORE_FAST, LOAD_CONST, POP_TOP, DUP_TOP, ROT_TWO, JUMP_FORWARD,
                    JUMP_ABSOLUTE, POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE, RETURN_VALUE])


def dispatch_direct(interp):
    """Run frames from ``interp.frame`` until the entry frame returns or yields."""
    space = interp.space
    gc = space.gc
    handlers = interp.handlers
    fast_handlers = interp.fast_handlers
    direct_ll = space.direct_ll
    w_True, w_False = space.w_True, space.w_False
    max_steps = interp.max_steps if interp.max_steps is not None else float("inf")
    jitdriver = interp.jitdriver
    jit = jitdriver is not None
    merged = False          # the merge point of the bytecode at interp.frame.pc has run
    while True:
        frame = interp.frame
        if jit and jitdriver.every_bytecode:
            # the general step: a merge point before every bytecode
            if not merged:
                result = jitdriver.jit_merge_point(interp, frame)
                if result is not None:
                    return result
                frame = interp.frame       # the JIT may have run compiled code
            merged = False
            result = interp.execute_bytecode(frame)
            if result is not None:
                return result
            continue
        # (re)load the running frame's state: at entry and after a call, return or unwinding
        code = frame.code
        slots = code.ops_by_slot
        headers = code.loop_headers
        consts_w = space.loaded_consts(code)
        stack = frame.stack
        locals_w = frame.locals_w
        pc = frame.pc
        steps = interp.steps
        offset = frame.last_instr       # of the previous instruction, until the next one starts
        while True:
            if merged:
                merged = False
            elif jit and (pc in headers or offset < 0):
                # jit_merge_point(greens=(code, pc), reds=(frame,)) at a loop
                # header or a function's entry; the JIT may run compiled code
                # (and after a guard failure, its blackhole step)
                frame.last_instr = offset
                frame.pc = pc
                interp.steps = steps
                result = jitdriver.jit_merge_point(interp, frame)
                if result is not None:
                    return result
                merged = True
                break
            steps += 1
            if steps > max_steps:
                interp.steps = steps
                frame.last_instr = offset
                interp._step_limit(frame)
            if gc.bytes_since_collect > gc.threshold and not gc.inhibit:
                frame.last_instr = offset
                frame.pc = pc
                gc.collect()
            opcode, arg, offset = slots[pc >> 1]
            pc = offset + 2
            if opcode in INLINE:
                if opcode == LOAD_FAST:
                    w_value = locals_w[arg]
                    if w_value:
                        stack.append(w_value)
                        continue
                elif opcode == STORE_FAST:
                    locals_w[arg] = stack.pop()
                    continue
                elif opcode == LOAD_CONST:
                    if consts_w is not None:
                        stack.append(consts_w[arg])
                        continue
                elif opcode == POP_TOP:
                    stack.pop()
                    continue
                elif opcode == JUMP_ABSOLUTE:
                    if not jit or arg >= offset:    # a backward jump calls can_enter_jit
                        pc = arg
                        continue
                elif opcode == JUMP_FORWARD:
                    pc += arg
                    continue
                elif opcode == POP_JUMP_IF_FALSE:
                    w_cond = stack[-1]
                    if w_cond == w_False:
                        stack.pop()
                        pc = arg
                        continue
                    if w_cond == w_True:
                        stack.pop()
                        continue
                elif opcode == POP_JUMP_IF_TRUE:
                    w_cond = stack[-1]
                    if w_cond == w_True:
                        stack.pop()
                        pc = arg
                        continue
                    if w_cond == w_False:
                        stack.pop()
                        continue
                elif opcode == DUP_TOP:
                    stack.append(stack[-1])
                    continue
                elif opcode == ROT_TWO:
                    stack[-1], stack[-2] = stack[-2], stack[-1]
                    continue
                elif opcode == RETURN_VALUE:
                    if not (jit or frame.is_entry or frame.generator or frame.w_init_self):
                        # Interpreter.finish_frame's plain case: resume the caller
                        frame.last_instr = offset
                        frame.pc = pc
                        interp.steps = steps
                        w_result = stack.pop()
                        interp.frame = frame.back
                        interp.depth -= 1
                        frame.back.stack.append(w_result)
                        break
            # a handler: the frame's state must be exact for it
            frame.last_instr = offset
            frame.pc = pc
            interp.steps = steps
            handler = fast_handlers[opcode] if space.ll is direct_ll else handlers[opcode]
            try:
                result = handler(frame, arg)
            except OperationError as operr:
                if jit:
                    jitdriver.exception_raised(operr)
                result = interp._handle_error(frame, operr)
            except HeapExhausted:
                # preallocated: making a new exception would need the heap that is full
                result = interp._handle_error(frame, OperationError(space.w_memory_error))
            except RestartBytecode:
                break                    # the JIT put the frame back: run it again
            except Exception as exc:
                # a JIT that was tracing this bytecode may be able to run it again untraced
                if not jit or not jitdriver.recover(exc):
                    raise
                break
            if result is not None:
                return result
            if (interp.frame is not frame or frame.stack is not stack or frame.locals_w is not locals_w
                    or (jit and jitdriver.every_bytecode)):
                break
            pc = frame.pc
            steps = interp.steps

