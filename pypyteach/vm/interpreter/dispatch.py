"""The interpreter: a dispatch loop over pypyteach bytecode.

Calls between guest functions push a frame and continue in the same loop
(they do not recurse on the host stack), so the tracer following this loop
inlines them, as PyPy's does.  Host code that calls back into the guest (a
special method, a key function, a generator's next) starts a nested
``dispatch`` whose bottom frame is marked ``is_entry``.

JIT hints (DESIGN decision 1), declared in jithints.py as PyPy's
``pypyjitdriver`` and called where PyPy's interpreter calls them:
- ``jit_merge_point``: the head of the dispatch loop; greens ``(code, pc)``,
  red ``frame``;
- ``can_enter_jit``: every backward JUMP_ABSOLUTE (a loop closing);
- a function's entry: the merge point before a new frame's first bytecode
  (``last_instr`` still -1) is called even when merge points are only at
  loop headers: PyPy's portal counts function entries there
  (``function_threshold``) and enters a function's compiled code;
- ``portal_call``: a bytecode calls a guest function; the JIT may run the
  call itself (call_assembler while tracing) instead of the frame being
  pushed.
``self.jitdriver`` is the attached JIT's runtime, or None: then the hints
cost one test each.
"""

from array import array

from ..memory import layout as L
from ..errors import StepLimitExceeded, RestartBytecode
from ..memory.gc import HeapExhausted
from ..memory.heap import NULL
from ..objspace.operationerror import OperationError
from .pyframe import Frame, EXCEPT_HANDLER_BLOCK
from .pyopcode import OpcodeHandlers, HANDLER_NAMES
from . import fastpath
from .directloop import dispatch_direct
from ..objspace.std import functionobject, exceptions
from ..objspace.std.functionobject import F_GLOBALS, F_CLOSURE, F_CODE

CELL_REF = L.W_CellObject.field("ref")
GEN_FRAME = L.W_GeneratorObject.field("frame")
GEN_RUNNING = L.W_GeneratorObject.field("running")
GEN_NAME = L.W_GeneratorObject.field("name")
GEN_PYCODE = L.W_GeneratorObject.field("pycode")
GEN_STATE = L.W_GeneratorObject.field("locals_cells_stack_w")
GEN_LAST_INSTR = L.W_GeneratorObject.field("last_instr")
GEN_DEPTH = L.W_GeneratorObject.field("valuestackdepth")
STATE_ITEMS = L.GcArray.array
_GEN_STATE_W, _GEN_LAST_INSTR_W, _GEN_DEPTH_W = GEN_STATE.offset >> 3, GEN_LAST_INSTR.offset >> 3, GEN_DEPTH.offset >> 3
_STATE_ITEMS_W = STATE_ITEMS.items_offset >> 3
_GEN_FRAME_W, _GEN_RUNNING_W = GEN_FRAME.offset >> 3, GEN_RUNNING.offset >> 3


class Interpreter(OpcodeHandlers):
    def __init__(self, space, max_steps=None, jitdriver=None):
        self.space = space
        space.interp = self
        self.frame = None               # the innermost running frame
        self.depth = 0
        self.steps = 0
        self.max_steps = max_steps
        self.handled = None             # (w_exc, traceback) being handled by an except clause
        self.generator_frames = {}      # handle -> Frame of a generator
        self.next_generator_handle = 1
        self.jitdriver = jitdriver
        self.handlers = [None] * 256
        for code, name in HANDLER_NAMES.items():
            self.handlers[code] = getattr(self, name)
        self.fast_handlers = fastpath.fast_handlers(self)
        space.gc.root_providers.append(self._roots)
        space.gc.custom_trace[L.W_GeneratorObject.tid] = self._generator_refs
        space.host_recursion_headroom()
        # the heap as words, for the direct paths of generator_suspend/resume
        self._words = space.heap.words
        self._base = space.heap.base

    # -- GC roots ------------------------------------------------------------------

    def _roots(self):
        frame = self.frame
        while frame is not None:
            yield from frame.roots()
            frame = frame.back
        if self.handled is not None:
            yield self.handled[0]

    def _generator_refs(self, w_gen):
        frame = self.generator_frames.get(self.space.heap.read_int(w_gen + GEN_FRAME.offset))
        return list(frame.roots()) if frame is not None else ()

    def _generator_freed(self, w_gen):
        self.generator_frames.pop(self.space.heap.read_int(w_gen + GEN_FRAME.offset), None)

    # -- the dispatch loop -----------------------------------------------------------------

    def dispatch(self, entry):
        """Run ``entry`` (and every frame it calls) until it returns or yields.

        Returns ("return", w_value) or ("yield", w_value); a guest exception
        leaving ``entry`` propagates as OperationError."""
        entry.is_entry = True
        entry.back = self.frame
        self.frame = entry
        self.depth += 1
        return dispatch_direct(self)

    def execute_bytecode(self, frame):
        """Run the bytecode at ``frame.pc`` (the body of the dispatch loop, also
        what the JIT's blackhole step runs).  Returns what the dispatch must
        return, or None to go on with ``self.frame``."""
        space = self.space
        gc = space.gc
        jitdriver = self.jitdriver
        opcode, arg, offset = frame.code.ops_by_slot[frame.pc >> 1]
        self.steps += 1
        if self.max_steps is not None and self.steps > self.max_steps:
            self._step_limit(frame)
        if gc.bytes_since_collect > gc.threshold and not gc.inhibit:
            gc.collect()
        frame.last_instr = offset
        frame.pc = offset + 2
        # nobody records while space.ll is the direct one: the direct fast
        # paths (fastpath.py) then run, with the ll handlers' results
        handlers = self.fast_handlers if space.ll is space.direct_ll else self.handlers
        try:
            return handlers[opcode](frame, arg)
        except OperationError as operr:
            if jitdriver is not None:
                jitdriver.exception_raised(operr)
            return self._handle_error(frame, operr)
        except HeapExhausted:
            # preallocated: making a new exception would need the heap that is full
            return self._handle_error(frame, OperationError(space.w_memory_error))
        except RestartBytecode:
            return None                  # the JIT put the frame back: run it again
        except Exception as exc:
            # a JIT that was tracing this bytecode may be able to run it again untraced
            if jitdriver is None or not jitdriver.recover(exc):
                raise
            return None

    def charge_steps(self, count):
        """Host work worth ``count`` bytecodes (a big-int operation)."""
        self.steps += count
        if self.max_steps is not None and self.steps > self.max_steps:
            self._step_limit(self.frame)

    def _step_limit(self, frame):
        self._unwind_all()
        raise StepLimitExceeded(self.max_steps, frame.code.co_filename, frame.lineno)

    def _unwind_all(self):
        """Drop every frame: the VM stays usable for the next program."""
        self.frame = None
        self.depth = 0
        self.handled = None

    # -- exceptions ---------------------------------------------------------------------------

    def _handle_error(self, frame, operr):
        """Find a handler for ``operr``, leaving frames as needed.

        Returns None to continue dispatching; re-raises when the exception
        leaves the entry frame of this dispatch."""
        while True:
            operr.traceback.append((frame.code, frame.last_instr))
            if self._unwind_blocks(frame, operr):
                return None
            self._leave(frame)
            if frame.generator:
                self._finish_generator(frame)   # (compiled code: a guard left before)
            if frame.is_entry:
                raise operr
            frame = self.frame

    def _unwind_blocks(self, frame, operr):
        """Pop blocks until a SETUP_FINALLY one; enter its handler."""
        blocks = frame.blocks
        while blocks:
            kind, handler, level, saved = blocks.pop()
            del frame.stack[level:]
            if kind == EXCEPT_HANDLER_BLOCK:
                self.handled = saved
                continue
            blocks.append((EXCEPT_HANDLER_BLOCK, 0, level, self.handled))
            frame.stack.append(operr.w_value)
            self.handled = (operr.w_value, operr.traceback)
            frame.pc = handler
            return True
        return False

    def raise_exception(self, w_exc):
        """Raise the guest exception ``w_exc``, keeping its traceback if it is
        the one being handled (a re-raise)."""
        operr = OperationError(w_exc)
        if self.handled is not None and self.handled[0] == w_exc:
            operr.traceback = list(self.handled[1])
        raise operr

    # -- frames and calls ----------------------------------------------------------------------

    def _leave(self, frame):
        self.frame = frame.back
        self.depth -= 1

    def finish_frame(self, frame, w_result):
        """``frame`` returns ``w_result``: resume its caller, or end the dispatch."""
        if self.jitdriver is not None:
            w_result = self.jitdriver.frame_returns(frame, w_result)
        self._leave(frame)
        if frame.generator:
            if not frame.is_entry:
                return self._generator_exhausted_inline(w_result)
            self._finish_generator(frame)
        if frame.is_entry:
            return ("return", w_result)
        if frame.w_init_self:
            ll = self.space.ll
            if ll.is_true(ll.ptr_ne(w_result, ll.const(self.space.w_None))):
                raise ll.call_r(self._init_result_error, w_result)
            w_result = frame.w_init_self
        self.frame.stack.append(w_result)
        return None

    def _init_result_error(self, w_result):
        return self.space.type_error("__init__() should return None, not '%s'" % self.space.type_name(w_result))

    def new_frame(self, w_func, args_w, kwargs_w=None):
        """A frame ready to run ``w_func`` with the given arguments."""
        space = self.space
        heap = space.heap
        code = functionobject.func_code(space, w_func)
        locals_w = functionobject.bind_arguments(space, w_func, args_w, kwargs_w)
        cells_w = []
        for name in code.co_cellvars:
            w_cell = space.allocate(L.W_CellObject)
            if name in code.co_varnames:   # an argument captured by a closure
                space.ll.setfield_gc(w_cell, locals_w[code.co_varnames.index(name)], CELL_REF)
            cells_w.append(w_cell)
        if code.co_freevars:
            cells_w.extend(space.tuple_w(heap.read_int(w_func + F_CLOSURE.offset)))
        return Frame(code, w_func, heap.read_int(w_func + F_GLOBALS.offset), locals_w, cells_w)

    def check_recursion(self):
        if self.depth >= self.space.recursion_limit:
            raise self.space.error(self.space.w_RecursionError, "maximum recursion depth exceeded")

    def push_call(self, w_func, args_w, kwargs_w=None, w_init_self=NULL, code=None):
        """A bytecode calls a guest function: continue in its frame (flat).
        ``code``: the function's code when the caller knows it (then
        ``w_func`` need not be a constant of the trace: a generator's)."""
        if (code or functionobject.func_code(self.space, w_func)).is_generator:
            # the generator's frame lives outside traces (it escapes into
            # the generator object): a trace records its creation as a
            # residual call, which makes the frame from concrete values
            self.frame.stack.append(self.space.ll.call_r(self.make_generator, w_func, list(args_w), kwargs_w))
            return
        frame = self.new_frame(w_func, args_w, kwargs_w)
        self.check_recursion()
        if self.jitdriver is not None and not w_init_self:
            w_result = self.jitdriver.portal_call(frame)
            if w_result is not None:        # the JIT ran the call (call_assembler)
                self.frame.stack.append(w_result)
                return
        frame.w_init_self = w_init_self
        frame.back = self.frame
        self.frame = frame
        self.depth += 1

    def call_function_nested(self, w_func, args_w, kwargs_w=None, gc_safe=False):
        """Host code calls a guest function: run it in a nested dispatch.
        Collections wait until it returns (the host may hold temporaries),
        unless ``gc_safe``: the host pinned every reference it holds
        (``space.call_held``)."""
        frame = self.new_frame(w_func, args_w, kwargs_w)
        if frame.code.is_generator:
            return self.new_generator(frame)
        self.check_recursion()
        if gc_safe:
            return self.dispatch(frame)[1]
        with self.space.gc.inhibited():
            return self.dispatch(frame)[1]

    def run_module(self, code, w_globals):
        frame = Frame(code, NULL, w_globals, [NULL] * code.co_nlocals, [], w_locals=w_globals)
        try:
            return self.dispatch(frame)[1]
        except BaseException:
            self._unwind_all()
            raise

    def run_class_body(self, w_func, w_namespace):
        """Collections allowed: the namespace is the body frame's w_locals (a
        root while it runs), and __build_class__'s arguments are pinned
        (functionobject._pinned_call)."""
        frame = self.new_frame(w_func, [])
        frame.w_locals = w_namespace
        self.check_recursion()
        return self.dispatch(frame)[1]

    # -- generators -------------------------------------------------------------------------------

    def make_generator(self, w_func, args_w, kwargs_w=None):
        """Call generator function ``w_func``: a new generator object, its
        frame not started."""
        return self.new_generator(self.new_frame(w_func, args_w, kwargs_w))

    def new_generator(self, frame):
        space = self.space
        heap = space.heap
        handle = self.next_generator_handle
        self.next_generator_handle += 1
        w_gen = space.allocate(L.W_GeneratorObject)
        heap.write_int(w_gen + GEN_FRAME.offset, handle)
        heap.write_int(w_gen + GEN_NAME.offset, space.intern(frame.code.co_name))
        heap.write_int(w_gen + GEN_PYCODE.offset, heap.read_int(frame.w_func + F_CODE.offset))
        frame.generator = w_gen
        self.generator_frames[handle] = frame
        space.gc.finalizers[w_gen] = self._generator_freed
        if frame.code.inlinable_generator:
            # its state lives in the heap while suspended (generator_suspend)
            code = frame.code
            size = 1 + len(code.co_cellvars) + len(code.co_freevars) + code.co_nlocals + code.co_stacksize + 1
            with space.gc.inhibited():
                w_state = space.direct_ll.new_array(L.GcArray, size)
            heap.write_int(w_gen + GEN_STATE.offset, w_state)
            self.generator_suspend(frame, w_gen, space.direct_ll)
        return w_gen

    def generator_frame(self, w_gen):
        return self.generator_frames.get(self.space.heap.read_int(w_gen + GEN_FRAME.offset))

    def _finish_generator(self, frame):
        self.generator_finished(frame.generator)

    def generator_finished(self, w_gen):
        """``w_gen``'s frame returned or raised: it is exhausted (a residual
        call when its resumption was traced inline: host bookkeeping)."""
        heap = self.space.heap
        handle = heap.read_int(w_gen + GEN_FRAME.offset)
        self.generator_frames.pop(handle, None)
        heap.write_int(w_gen + GEN_FRAME.offset, 0)
        heap.write_int(w_gen + GEN_RUNNING.offset, 0)

    # -- generators whose resumption traces inline ----------------------------------------------------

    def generator_suspend(self, frame, w_gen, ll):
        """The frame of ``w_gen`` (``Code.inlinable_generator``) stops at its
        yield (or is made): its state goes into the heap, in ll ops, as
        PyPy's generator frame keeps its state in its PyFrame's fields.
        Traced inline, these are the setarrayitem_gc / setfield_gc of the
        consumer's trace.  The host frame keeps code, w_func and the like."""
        values = [frame.w_globals] + frame.cells_w + frame.locals_w + frame.stack
        last_instr = frame.pc - 2 if frame.pc else -1
        words = self._words
        if ll is self.space.direct_ll and words is not None:
            # the same, as the direct fast paths (fastpath.py) read the heap
            g = (w_gen - self._base) >> 3
            state = ((words[g + _GEN_STATE_W] - self._base) >> 3) + _STATE_ITEMS_W
            words[state:state + len(values)] = array("q", values)
            words[g + _GEN_LAST_INSTR_W] = last_instr
            words[g + _GEN_DEPTH_W] = len(frame.stack)
            frame.w_globals = NULL
            frame.cells_w, frame.locals_w, frame.stack = [], [], []
            return
        w_state = ll.getfield_gc_r(w_gen, GEN_STATE)
        for index, w_value in enumerate(values):
            ll.setarrayitem_gc(w_state, index, w_value, STATE_ITEMS)
        ll.setfield_gc(w_gen, ll.const(last_instr), GEN_LAST_INSTR)
        ll.setfield_gc(w_gen, ll.const(len(frame.stack)), GEN_DEPTH)
        # the heap is the authority while suspended (and the GC's way to
        # these values: the host lists would be stale)
        frame.w_globals = NULL
        frame.cells_w, frame.locals_w, frame.stack = [], [], []

    def generator_resume(self, frame, w_gen, ll):
        """Put the suspended state of ``w_gen`` back into its host frame.
        Traced inline: guard_value on where it resumes and its stack depth
        (PyPy's traces specialise on the frame's last_instr, a green of the
        inlined portal), then a getarrayitem_gc_r per value."""
        code = frame.code
        ncells = len(code.co_cellvars) + len(code.co_freevars)
        words = self._words
        if ll is self.space.direct_ll and words is not None:
            g = (w_gen - self._base) >> 3
            last_instr = words[g + _GEN_LAST_INSTR_W]
            state = ((words[g + _GEN_STATE_W] - self._base) >> 3) + _STATE_ITEMS_W
            values = words[state:state + 1 + ncells + code.co_nlocals + words[g + _GEN_DEPTH_W]].tolist()
        else:
            last_instr = ll.promote(ll.getfield_gc_i(w_gen, GEN_LAST_INSTR))
            depth = ll.promote(ll.getfield_gc_i(w_gen, GEN_DEPTH))
            w_state = ll.getfield_gc_r(w_gen, GEN_STATE)
            values = [ll.getarrayitem_gc_r(w_state, index, STATE_ITEMS)
                      for index in range(1 + ncells + code.co_nlocals + depth)]
        frame.w_globals = values[0]
        frame.cells_w = values[1:1 + ncells]
        frame.locals_w = values[1 + ncells:1 + ncells + code.co_nlocals]
        frame.stack = values[1 + ncells + code.co_nlocals:]
        frame.last_instr = last_instr
        frame.pc = last_instr + 2 if last_instr >= 0 else 0

    def resume_generator_inline(self, frame, w_gen):
        """FOR_ITER of ``frame`` on the generator ``w_gen``: when its code
        qualifies, resume its frame *in this dispatch loop*, above ``frame``,
        as a call pushes a frame; the tracer follows it as an inlined call
        (PyPy's consumer trace inlines the generator's ``next``: send_ex ->
        execute_frame, the generator frame's bytecodes up to its yield).
        Its YIELD_VALUE hands the value to this FOR_ITER (yield_value), its
        return ends the loop (``_generator_exhausted_inline``).  Returns
        False when the generator is to be resumed as before (a residual
        ``generator_next``: it is exhausted, running, or its code has more
        than one yield, a try or a yield from)."""
        space = self.space
        ll = space.ll
        if ll is space.direct_ll and self._words is not None:
            return self._resume_generator_inline_direct(frame, w_gen)
        w_code = ll.promote(ll.getfield_gc_r(w_gen, GEN_PYCODE))
        if not functionobject.code_of(space, w_code).inlinable_generator:
            return False
        handle = ll.getfield_gc_i(w_gen, GEN_FRAME)
        if not ll.is_true(handle):
            return False
        if ll.is_true(ll.getfield_gc_i(w_gen, GEN_RUNNING)):
            return False
        gen_frame = self.generator_frames[ll.host_value(handle)]
        self.check_recursion()
        self.generator_resume(gen_frame, w_gen, ll)
        if gen_frame.pc:
            gen_frame.stack.append(ll.const(space.w_None))      # what the yield expression gives
        ll.setfield_gc(w_gen, ll.const(1), GEN_RUNNING)
        gen_frame.is_entry = False
        gen_frame.back = frame
        self.frame = gen_frame
        self.depth += 1
        return True

    def _resume_generator_inline_direct(self, frame, w_gen):
        """resume_generator_inline and generator_resume on the heap's words
        (nobody records): the direct fast path, as fastpath.py's handlers.
        (The host frame's code is the one in ``pycode``.)"""
        words, base = self._words, self._base
        g = (w_gen - base) >> 3
        handle = words[g + _GEN_FRAME_W]
        if not handle or words[g + _GEN_RUNNING_W]:
            return False
        gen_frame = self.generator_frames[handle]
        code = gen_frame.code
        if not code.inlinable_generator:
            return False
        if self.depth >= self.space.recursion_limit:
            self.check_recursion()
        last_instr = words[g + _GEN_LAST_INSTR_W]
        state = ((words[g + _GEN_STATE_W] - base) >> 3) + _STATE_ITEMS_W
        ncells = len(code.co_cellvars) + len(code.co_freevars)
        nlocals = code.co_nlocals
        values = words[state:state + 1 + ncells + nlocals + words[g + _GEN_DEPTH_W]].tolist()
        gen_frame.w_globals = values[0]
        if ncells:
            gen_frame.cells_w = values[1:1 + ncells]
        gen_frame.locals_w = values[1 + ncells:1 + ncells + nlocals]
        stack = gen_frame.stack = values[1 + ncells + nlocals:]
        gen_frame.last_instr = last_instr
        if last_instr >= 0:
            gen_frame.pc = last_instr + 2
            stack.append(self.space.w_None)      # what the yield expression gives
        else:
            gen_frame.pc = 0
        words[g + _GEN_RUNNING_W] = 1
        gen_frame.is_entry = False
        gen_frame.back = frame
        self.frame = gen_frame
        self.depth += 1
        return True

    def _generator_exhausted_inline(self, w_result):
        """A generator resumed by FOR_ITER in this dispatch loop returned:
        the consumer's loop ends (FOR_ITER's exhausted case)."""
        consumer = self.frame
        w_gen = consumer.stack.pop()
        self.space.ll.call_n(self.generator_finished, w_gen)
        opcode, arg, offset = consumer.code.ops_by_slot[(consumer.pc - 2) >> 1]
        consumer.pc = offset + 2 + arg
        return None

    def generator_send(self, w_gen, w_value, gc_safe=False):
        """Resume a generator; its yielded value, or NULL when it is exhausted
        (its return value is then in ``self.last_return``)."""
        space = self.space
        heap = space.heap
        frame = self.generator_frame(w_gen)
        self.last_return = space.w_None
        if frame is None:
            return NULL
        if heap.read_int(w_gen + GEN_RUNNING.offset):
            raise space.value_error("generator already executing")
        if frame.code.inlinable_generator:
            self.generator_resume(frame, w_gen, space.direct_ll)
        if frame.pc == 0:
            if w_value != space.w_None:
                raise space.type_error("can't send non-None value to a just-started generator")
        else:
            frame.stack.append(w_value)
        self.check_recursion()
        heap.write_int(w_gen + GEN_RUNNING.offset, 1)
        try:
            if gc_safe:
                kind, w_result = self.dispatch(frame)
            else:
                with space.gc.inhibited():
                    kind, w_result = self.dispatch(frame)
        finally:
            heap.write_int(w_gen + GEN_RUNNING.offset, 0)
        if kind == "yield":
            return w_result
        self.last_return = w_result
        return NULL

    def generator_return_value(self):
        """What the generator that ``generator_send`` found exhausted returned."""
        return self.last_return

    def generator_close(self, w_gen):
        """Drop a suspended generator's frame (no GeneratorExit is thrown in:
        try/finally around a yield is not run on close)."""
        frame = self.generator_frame(w_gen)
        if frame is not None:
            self._finish_generator(frame)

    def generator_next(self, w_gen, gc_safe=False):
        return self.generator_send(w_gen, self.space.w_None, gc_safe)

    def yield_value(self, frame, w_value):
        if self.jitdriver is not None:
            w_value = self.jitdriver.frame_yields(frame, w_value)
        self._leave(frame)
        if not frame.code.inlinable_generator:
            return ("yield", w_value)
        ll = self.space.ll
        if frame.is_entry:
            self.generator_suspend(frame, frame.generator, ll)
            return ("yield", w_value)
        # resumed by the FOR_ITER of the frame below (resume_generator_inline):
        # the generator object is on its stack; the value is its next item
        consumer = self.frame
        w_gen = consumer.stack[-1]
        self.generator_suspend(frame, w_gen, ll)
        if ll is self.space.direct_ll and self._words is not None:
            self._words[((w_gen - self._base) >> 3) + _GEN_RUNNING_W] = 0
        else:
            ll.setfield_gc(w_gen, ll.const(0), GEN_RUNNING)
        consumer.stack.append(w_value)
        return None

    # -- views for error reports ------------------------------------------------------------------

    def format_traceback(self, operr, described=None):
        """CPython-style traceback text for an uncaught guest exception
        (``described``: its (type name, message) if already computed: a
        guest ``__str__`` must run once)."""
        space = self.space
        lines = ["Traceback (most recent call last):"]
        for code, offset in reversed(operr.traceback):
            line = code.line_at(max(offset, 0))
            lines.append('  File "%s", line %d, in %s' % (code.co_filename, line, code.co_name))
            text = code.source_line(line).strip()
            if text:
                lines.append("    " + text)
        name, message = described or exceptions.exception_message(space, operr.w_value)
        lines.append("%s: %s" % (name, message) if message else name)
        return "\n".join(lines)
