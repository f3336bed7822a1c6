"""One handler per opcode, named after it (as PyPy's pyopcode.py).

HANDLER_NAMES is derived from the opcode table, and the import fails if an
opcode has no handler or a handler names no opcode.  Each handler gets the
frame and the instruction's argument; ``frame.pc`` already points at the next
instruction.  A handler returns None, or ("return"/"yield", value) when the
entry frame of the current dispatch finishes.

Handlers follow the ll discipline of lloperation.py: guest values are only
touched through ``self.space`` operations, whose fast paths are ll style.
"""

from ..compiler import opcodes
from ..memory import layout as L
from ..memory.heap import NULL
from ..objspace.operationerror import OperationError
from .pyframe import SETUP_FINALLY_BLOCK, EXCEPT_HANDLER_BLOCK
from ..objspace.std import functionobject, dictobject, typeobject, strobject

CELL_REF = L.W_CellObject.field("ref")
COMPARE_SYMBOLS = opcodes.COMPARE_OPS
FAST_BINARY = frozenset(["add", "sub", "mul", "truediv", "floordiv", "mod", "and_", "or_", "xor", "lshift",
                         "rshift"])
MAX_CONCAT_PIECES = 8          # longer f-strings are joined by one host call (concat_strings)


class OpcodeHandlers:
    """Mixed into Interpreter; ``self.space`` is the object space."""

    # -- stack manipulation ------------------------------------------------------

    def NOP(self, frame, arg):
        pass

    def EXTENDED_ARG(self, frame, arg):
        raise AssertionError("EXTENDED_ARG is folded into its instruction by the decoder")

    def POP_TOP(self, frame, arg):
        frame.stack.pop()

    def ROT_TWO(self, frame, arg):
        s = frame.stack
        s[-1], s[-2] = s[-2], s[-1]

    def ROT_THREE(self, frame, arg):
        s = frame.stack
        s[-1], s[-2], s[-3] = s[-2], s[-3], s[-1]

    def ROT_FOUR(self, frame, arg):
        s = frame.stack
        s[-1], s[-2], s[-3], s[-4] = s[-2], s[-3], s[-4], s[-1]

    def DUP_TOP(self, frame, arg):
        frame.stack.append(frame.stack[-1])

    def DUP_TOP_TWO(self, frame, arg):
        frame.stack.extend(frame.stack[-2:])

    # -- constants and variables ------------------------------------------------------

    def LOAD_CONST(self, frame, arg):
        frame.stack.append(self.space.ll.const(self.space.load_const(frame.code, arg)))

    def LOAD_FAST(self, frame, arg):
        w_value = frame.locals_w[arg]
        if self.space.ll.is_null(w_value):
            raise self.space.error(self.space.w_UnboundLocalError,
                                   "cannot access local variable '%s' where it is not associated with a value"
                                   % frame.code.co_varnames[arg])
        frame.stack.append(w_value)

    def STORE_FAST(self, frame, arg):
        frame.locals_w[arg] = frame.stack.pop()

    def DELETE_FAST(self, frame, arg):
        if self.space.ll.is_null(frame.locals_w[arg]):
            raise self.space.error(self.space.w_UnboundLocalError,
                                   "cannot access local variable '%s' where it is not associated with a value"
                                   % frame.code.co_varnames[arg])
        frame.locals_w[arg] = NULL

    def LOAD_GLOBAL(self, frame, arg):
        frame.stack.append(self.space.load_global(frame.w_globals, frame.code.co_names[arg]))

    def STORE_GLOBAL(self, frame, arg):
        self.space.store_global(frame.w_globals, frame.code.co_names[arg], frame.stack.pop())

    def DELETE_GLOBAL(self, frame, arg):
        self._delete_name(frame.w_globals, frame.code.co_names[arg])

    def LOAD_NAME(self, frame, arg):
        space = self.space
        name = frame.code.co_names[arg]
        w_value = space.ll.call_r(dictobject.getitem_str, space, frame.w_locals, name)
        if space.ll.is_null(w_value):
            w_value = space.load_global(frame.w_globals, name)
        frame.stack.append(w_value)

    def STORE_NAME(self, frame, arg):
        space = self.space
        w_value = frame.stack.pop()
        space.ll.call_n(space.store_name, frame.w_locals, frame.code.co_names[arg], w_value)

    def DELETE_NAME(self, frame, arg):
        self._delete_name(frame.w_locals, frame.code.co_names[arg])

    def _delete_name(self, w_dict, name):
        space = self.space
        if not space.delete_name(w_dict, name):
            raise space.error(space.w_NameError, "name '%s' is not defined" % name)

    def LOAD_CLOSURE(self, frame, arg):
        frame.stack.append(frame.cells_w[arg])

    def LOAD_DEREF(self, frame, arg):
        space = self.space
        w_value = space.ll.getfield_gc_r(frame.cells_w[arg], CELL_REF)
        if space.ll.is_null(w_value):
            raise self._unbound_cell(frame, arg)
        frame.stack.append(w_value)

    def _unbound_cell(self, frame, arg):
        space = self.space
        code = frame.code
        if arg < len(code.co_cellvars):
            return space.error(space.w_UnboundLocalError,
                               "cannot access local variable '%s' where it is not associated with a value"
                               % code.co_cellvars[arg])
        name = code.co_freevars[arg - len(code.co_cellvars)]
        return space.error(space.w_NameError,
                           "cannot access free variable '%s' where it is not associated with a value"
                           " in enclosing scope" % name)

    def LOAD_CLASSDEREF(self, frame, arg):
        space = self.space
        code = frame.code
        name = (code.co_cellvars + code.co_freevars)[arg]
        w_value = dictobject.getitem_str(space, frame.w_locals, name)
        if w_value:
            frame.stack.append(w_value)
        else:
            self.LOAD_DEREF(frame, arg)

    def STORE_DEREF(self, frame, arg):
        self.space.ll.setfield_gc(frame.cells_w[arg], frame.stack.pop(), CELL_REF)

    def DELETE_DEREF(self, frame, arg):
        if not self.space.heap.read_int(frame.cells_w[arg] + CELL_REF.offset):
            raise self._unbound_cell(frame, arg)
        self.space.ll.setfield_gc(frame.cells_w[arg], NULL, CELL_REF)

    # -- operators --------------------------------------------------------------------------

    def _binary(self, frame, op):
        space = self.space
        w_b = frame.stack.pop()
        w_a = frame.stack.pop()
        if op in FAST_BINARY:
            frame.stack.append(getattr(space, op)(w_a, w_b))
        else:
            frame.stack.append(space.ll.call_r(space.binop, w_a, w_b, op))

    def _inplace(self, frame, op):
        w_b = frame.stack.pop()
        w_a = frame.stack.pop()
        frame.stack.append(self.space.inplace(op, w_a, w_b))

    def BINARY_ADD(self, frame, arg):
        self._binary(frame, "add")

    def BINARY_SUBTRACT(self, frame, arg):
        self._binary(frame, "sub")

    def BINARY_MULTIPLY(self, frame, arg):
        self._binary(frame, "mul")

    def BINARY_TRUE_DIVIDE(self, frame, arg):
        self._binary(frame, "truediv")

    def BINARY_FLOOR_DIVIDE(self, frame, arg):
        self._binary(frame, "floordiv")

    def BINARY_MODULO(self, frame, arg):
        self._binary(frame, "mod")

    def BINARY_POWER(self, frame, arg):
        self._binary(frame, "pow")

    def BINARY_LSHIFT(self, frame, arg):
        self._binary(frame, "lshift")

    def BINARY_RSHIFT(self, frame, arg):
        self._binary(frame, "rshift")

    def BINARY_AND(self, frame, arg):
        self._binary(frame, "and_")

    def BINARY_OR(self, frame, arg):
        self._binary(frame, "or_")

    def BINARY_XOR(self, frame, arg):
        self._binary(frame, "xor")

    def INPLACE_ADD(self, frame, arg):
        self._inplace(frame, "add")

    def INPLACE_SUBTRACT(self, frame, arg):
        self._inplace(frame, "sub")

    def INPLACE_MULTIPLY(self, frame, arg):
        self._inplace(frame, "mul")

    def INPLACE_TRUE_DIVIDE(self, frame, arg):
        self._inplace(frame, "truediv")

    def INPLACE_FLOOR_DIVIDE(self, frame, arg):
        self._inplace(frame, "floordiv")

    def INPLACE_MODULO(self, frame, arg):
        self._inplace(frame, "mod")

    def INPLACE_POWER(self, frame, arg):
        self._inplace(frame, "pow")

    def INPLACE_LSHIFT(self, frame, arg):
        self._inplace(frame, "lshift")

    def INPLACE_RSHIFT(self, frame, arg):
        self._inplace(frame, "rshift")

    def INPLACE_AND(self, frame, arg):
        self._inplace(frame, "and_")

    def INPLACE_OR(self, frame, arg):
        self._inplace(frame, "or_")

    def INPLACE_XOR(self, frame, arg):
        self._inplace(frame, "xor")

    def UNARY_NEGATIVE(self, frame, arg):
        frame.stack.append(self.space.neg(frame.stack.pop()))

    def UNARY_POSITIVE(self, frame, arg):
        space = self.space
        frame.stack.append(space.ll.call_r(space.unary_generic, frame.stack.pop(), "__pos__", "+"))

    def UNARY_INVERT(self, frame, arg):
        space = self.space
        frame.stack.append(space.ll.call_r(space.unary_generic, frame.stack.pop(), "__invert__", "~"))

    def UNARY_NOT(self, frame, arg):
        frame.stack.append(self.space.not_(frame.stack.pop()))

    def COMPARE_OP(self, frame, arg):
        w_b = frame.stack.pop()
        w_a = frame.stack.pop()
        frame.stack.append(self.space.compare(w_a, w_b, COMPARE_SYMBOLS[arg]))

    def IS_OP(self, frame, arg):
        space = self.space
        w_b = frame.stack.pop()
        w_a = frame.stack.pop()
        frame.stack.append(space.newbool(space.is_w(w_a, w_b) != bool(arg)))

    def CONTAINS_OP(self, frame, arg):
        space = self.space
        w_container = frame.stack.pop()
        w_item = frame.stack.pop()
        ll = space.ll
        if ll.classof(w_container) == strobject.STR and ll.classof(w_item) == strobject.STR:
            # PyPy's W_UnicodeObject.descr_contains: a call of the elidable find
            found = ll.is_true(ll.call_i(strobject.ll_strcontains, space, w_container, w_item))
        else:
            found = ll.is_true(ll.call_i(space.contains, w_container, w_item))
        frame.stack.append(space.newbool(found != bool(arg)))

    # -- subscription and attributes ------------------------------------------------------------

    def BINARY_SUBSCR(self, frame, arg):
        w_index = frame.stack.pop()
        w_obj = frame.stack.pop()
        frame.stack.append(self.space.getitem(w_obj, w_index, gc_safe=True))

    def STORE_SUBSCR(self, frame, arg):
        w_index = frame.stack.pop()
        w_obj = frame.stack.pop()
        w_value = frame.stack.pop()
        self.space.setitem(w_obj, w_index, w_value, gc_safe=True)

    def DELETE_SUBSCR(self, frame, arg):
        space = self.space
        w_index = frame.stack.pop()
        w_obj = frame.stack.pop()
        space.ll.call_n(space.delitem, w_obj, w_index)

    def LOAD_ATTR(self, frame, arg):
        w_obj = frame.stack.pop()
        frame.stack.append(self.space.getattr(w_obj, frame.code.co_names[arg]))

    def STORE_ATTR(self, frame, arg):
        w_obj = frame.stack.pop()
        w_value = frame.stack.pop()
        self.space.setattr(w_obj, frame.code.co_names[arg], w_value)

    def DELETE_ATTR(self, frame, arg):
        space = self.space
        space.ll.call_n(space.delattr, frame.stack.pop(), frame.code.co_names[arg])

    # -- building ----------------------------------------------------------------------------------

    def _pop_n(self, frame, n):
        if n == 0:
            return []
        items = frame.stack[-n:]
        del frame.stack[-n:]
        return items

    def BUILD_TUPLE(self, frame, arg):
        frame.stack.append(self.space.newtuple(self._pop_n(frame, arg)))

    def BUILD_LIST(self, frame, arg):
        space = self.space
        frame.stack.append(space.ll.call_r(space.newlist, self._pop_n(frame, arg)))

    def BUILD_SET(self, frame, arg):
        space = self.space
        frame.stack.append(space.ll.call_r(space.newset, self._pop_n(frame, arg)))

    def BUILD_MAP(self, frame, arg):
        space = self.space
        items = self._pop_n(frame, 2 * arg)
        frame.stack.append(space.ll.call_r(space.newdict_from_flat, items))

    def BUILD_CONST_KEY_MAP(self, frame, arg):
        space = self.space
        w_keys = frame.stack.pop()
        values = self._pop_n(frame, arg)
        flat = []
        for w_key, w_value in zip(space.tuple_w(w_keys), values):
            flat += [w_key, w_value]
        frame.stack.append(space.ll.call_r(space.newdict_from_flat, flat))

    def BUILD_SLICE(self, frame, arg):
        space = self.space
        items = self._pop_n(frame, arg)
        if arg == 2:
            items.append(space.w_None)
        frame.stack.append(space.ll_newslice(*items))

    def BUILD_STRING(self, frame, arg):
        """An f-string's pieces joined.  Pieces that are all exact strs are
        joined as the JIT can see: a chain of ll_strconcat calls (oopspec
        OS_UNI_CONCAT), which the string pass forces into one newunicode and
        a copy per piece; CPython's join makes a new string too."""
        space = self.space
        ll = space.ll
        pieces_w = self._pop_n(frame, arg)
        if 2 <= arg <= MAX_CONCAT_PIECES and all(ll.classof(w_piece) == L.W_UnicodeObject.tid
                                                 for w_piece in pieces_w):
            w_result = pieces_w[0]
            for w_piece in pieces_w[1:]:
                w_result = ll.call_r(strobject.ll_strconcat, space, w_result, w_piece)
            frame.stack.append(w_result)
            return
        frame.stack.append(ll.call_r(space.concat_strings, pieces_w))

    def FORMAT_VALUE(self, frame, arg):
        space = self.space
        w_spec = frame.stack.pop() if arg & opcodes.FVS_HAVE_SPEC else NULL
        w_value = frame.stack.pop()
        conversion = arg & opcodes.FVC_MASK
        if conversion in (0, 1) and not arg & opcodes.FVS_HAVE_SPEC \
                and space.ll.classof(w_value) == L.W_UnicodeObject.tid:
            # an exact str formats as itself (CPython's FORMAT_VALUE does not
            # call format() then): the string pass still sees the str
            frame.stack.append(w_value)
            return
        frame.stack.append(space.ll.call_r(space.format_value, w_value, conversion, w_spec))

    def LIST_APPEND(self, frame, arg):
        space = self.space
        w_item = frame.stack.pop()
        space.list_append(frame.stack[-arg], w_item)

    def SET_ADD(self, frame, arg):
        space = self.space
        w_item = frame.stack.pop()
        space.ll.call_n(space.set_add, frame.stack[-arg], w_item)

    def MAP_ADD(self, frame, arg):
        space = self.space
        w_value = frame.stack.pop()
        w_key = frame.stack.pop()
        space.ll.call_n(space.dict_setitem, frame.stack[-arg], w_key, w_value)

    def LIST_EXTEND(self, frame, arg):
        space = self.space
        w_iterable = frame.stack.pop()
        space.ll.call_n(space.list_extend, frame.stack[-arg], w_iterable)

    def SET_UPDATE(self, frame, arg):
        space = self.space
        w_iterable = frame.stack.pop()
        space.ll.call_n(space.set_update, frame.stack[-arg], w_iterable)

    def DICT_UPDATE(self, frame, arg):
        space = self.space
        w_mapping = frame.stack.pop()
        space.ll.call_n(space.dict_update, frame.stack[-arg], w_mapping, False)

    def DICT_MERGE(self, frame, arg):
        space = self.space
        w_mapping = frame.stack.pop()
        space.ll.call_n(space.dict_update, frame.stack[-arg], w_mapping, True)

    def LIST_TO_TUPLE(self, frame, arg):
        space = self.space
        frame.stack.append(space.ll.call_r(space.list_to_tuple, frame.stack.pop()))

    def UNPACK_SEQUENCE(self, frame, arg):
        space = self.space
        items = space.unpack_sequence(frame.stack.pop(), arg)
        frame.stack.extend(reversed(items))

    def UNPACK_EX(self, frame, arg):
        space = self.space
        before, after = arg & 0xFF, arg >> 8
        w_values = space.ll.call_r(space.unpack_starred, frame.stack.pop(), before, after)
        frame.stack.extend(reversed(space.unpack_sequence(w_values, before + after + 1)))

    # -- control flow ---------------------------------------------------------------------------------

    def JUMP_FORWARD(self, frame, arg):
        frame.pc += arg

    def JUMP_ABSOLUTE(self, frame, arg):
        frame.pc = arg
        if arg < frame.last_instr and self.jitdriver is not None:
            # can_enter_jit(greens=(code, pc), reds=(frame,)): a loop closes here
            self.jitdriver.can_enter_jit(self, frame)

    def POP_JUMP_IF_FALSE(self, frame, arg):
        if not self.space.is_true(frame.stack.pop()):
            frame.pc = arg

    def POP_JUMP_IF_TRUE(self, frame, arg):
        if self.space.is_true(frame.stack.pop()):
            frame.pc = arg

    def JUMP_IF_FALSE_OR_POP(self, frame, arg):
        if not self.space.is_true(frame.stack[-1]):
            frame.pc = arg
        else:
            frame.stack.pop()

    def JUMP_IF_TRUE_OR_POP(self, frame, arg):
        if self.space.is_true(frame.stack[-1]):
            frame.pc = arg
        else:
            frame.stack.pop()

    def GET_ITER(self, frame, arg):
        frame.stack.append(self.space.iter(frame.stack.pop()))

    def FOR_ITER(self, frame, arg):
        w_iter = frame.stack[-1]
        if self.space.ll.classof(w_iter) == L.W_GeneratorObject.tid and self.resume_generator_inline(frame, w_iter):
            return None         # its frame runs next, up to its yield (Interpreter.yield_value)
        w_item = self.space.next_or_null(w_iter, True)
        if self.space.ll.is_null(w_item):
            frame.stack.pop()
            frame.pc += arg
        else:
            frame.stack.append(w_item)

    # -- blocks and exceptions ----------------------------------------------------------------------

    def SETUP_FINALLY(self, frame, arg):
        frame.blocks.append((SETUP_FINALLY_BLOCK, frame.pc + arg, len(frame.stack), None))

    def POP_BLOCK(self, frame, arg):
        frame.blocks.pop()

    def POP_EXCEPT(self, frame, arg):
        kind, _, _, saved = frame.blocks.pop()
        assert kind == EXCEPT_HANDLER_BLOCK
        self.handled = saved

    def RERAISE(self, frame, arg):
        self.raise_exception(frame.stack.pop())

    def JUMP_IF_NOT_EXC_MATCH(self, frame, arg):
        space = self.space
        w_check = frame.stack.pop()
        w_exc = frame.stack.pop()
        if not space.exception_matches(w_exc, w_check):
            frame.pc = arg

    def LOAD_ASSERTION_ERROR(self, frame, arg):
        frame.stack.append(self.space.w_AssertionError)

    def RAISE_VARARGS(self, frame, arg):
        space = self.space
        if arg == 0:
            if self.handled is None:
                raise space.error(space.w_RuntimeError, "No active exception to reraise")
            self.raise_exception(self.handled[0])
        w_cause = frame.stack.pop() if arg == 2 else NULL
        w_exc = space.ll.call_r(space.make_exception, frame.stack.pop())
        if arg == 2:
            space.ll.call_n(space.set_cause, w_exc, w_cause)
        self.raise_exception(w_exc)

    # -- functions and calls ---------------------------------------------------------------------------

    def MAKE_FUNCTION(self, frame, arg):
        space = self.space
        w_qualname = frame.stack.pop()
        w_code = frame.stack.pop()
        w_closure = frame.stack.pop() if arg & opcodes.MAKE_CLOSURE else NULL
        w_kwdefaults = frame.stack.pop() if arg & opcodes.MAKE_KWDEFAULTS else NULL
        w_defaults = frame.stack.pop() if arg & opcodes.MAKE_DEFAULTS else NULL
        frame.stack.append(space.ll.call_r(functionobject.new_function, space, w_code, frame.w_globals,
                                           w_qualname, w_defaults, w_kwdefaults, w_closure))

    def CALL_FUNCTION(self, frame, arg):
        args_w = self._pop_n(frame, arg)
        w_func = frame.stack.pop()
        return self.call(frame, w_func, args_w)

    def CALL_FUNCTION_KW(self, frame, arg):
        space = self.space
        names = [space.str_w(w_name) for w_name in space.tuple_w(frame.stack.pop())]
        args_w = self._pop_n(frame, arg)
        w_func = frame.stack.pop()
        npos = arg - len(names)
        kwargs_w = dict(zip(names, args_w[npos:]))
        return self.call(frame, w_func, args_w[:npos], kwargs_w)

    def CALL_FUNCTION_EX(self, frame, arg):
        space = self.space
        w_kwargs = frame.stack.pop() if arg & 1 else NULL
        w_args = frame.stack.pop()
        w_func = frame.stack.pop()
        frame.stack.append(space.ll.call_r(space.call_star_args, w_func, w_args, w_kwargs))

    def LOAD_METHOD(self, frame, arg):
        space = self.space
        w_obj = frame.stack.pop()
        w_func = space.lookup_method(w_obj, frame.code.co_names[arg])
        if not space.ll.is_null(w_func):
            frame.stack += [w_func, w_obj]
        else:
            frame.stack += [NULL, space.getattr(w_obj, frame.code.co_names[arg])]

    def CALL_METHOD(self, frame, arg):
        args_w = self._pop_n(frame, arg)
        w_self = frame.stack.pop()
        w_meth = frame.stack.pop()
        if self.space.ll.is_null(w_meth):
            return self.call(frame, w_self, args_w)
        return self.call(frame, w_meth, [w_self] + args_w)

    def call(self, frame, w_func, args_w, kwargs_w=None):
        """Call from bytecode: guest functions and classes run in this loop
        (the tracer inlines them); anything else is a call into host code."""
        space = self.space
        ll = space.ll
        tid = ll.classof(w_func)
        if tid == L.W_MethodObject.tid:
            w_self = ll.getfield_gc_r(w_func, functionobject.M_SELF)
            w_func = ll.getfield_gc_r(w_func, functionobject.M_FUNC)
            args_w = [w_self] + args_w
            tid = ll.classof(w_func)
        if tid == L.W_FunctionObject.tid:
            if not ll.is_constant(w_func):
                # a function object made at run time (a generator expression's
                # function, made anew by every iteration): a generator's frame
                # is made by a residual call (push_call), which needs the
                # code constant, not the object (PyPy's traces depend on the
                # code too)
                code = functionobject.code_of(space, ll.promote(ll.getfield_gc_r(w_func, functionobject.F_CODE)))
                if code.is_generator:
                    self.push_call(w_func, args_w, kwargs_w, code=code)
                    return None
            self.push_call(ll.promote(w_func), args_w, kwargs_w)
            return None
        if tid == L.W_TypeObject.tid:
            w_type = ll.promote(w_func)
            ll.quasi_immutable(("type",))
            if w_type == space.type_by_tid[L.W_TypeObject.tid] and len(args_w) == 1 and not kwargs_w \
                    and ll.classof(args_w[0]) == L.W_InstanceObject.tid:
                # type(obj) of an instance: its class comes with its promoted
                # map, a constant in traces (PyPy's mapdict getclass())
                m = space.maps[ll.promote(ll.getfield_gc_i(args_w[0], typeobject.I_MAP))]
                frame.stack.append(ll.const(m.w_class))
                return None
            if w_type == space.type_by_tid[L.W_UnicodeObject.tid] and len(args_w) == 1 and not kwargs_w \
                    and ll.classof(args_w[0]) == L.W_IntObject.tid:
                # str(int): a call of ll_int2dec on the machine int (as PyPy's traces)
                frame.stack.append(strobject.ll_int_str(space, args_w[0]))
                return None
            w_init = space.user_init(w_type)
            if w_init:
                w_obj = space.new_user_instance(w_type, args_w)
                self.push_call(w_init, [w_obj] + args_w, kwargs_w, w_init_self=w_obj)
                return None
            constructor = space.constructors.get(w_type)
            if constructor is not None and constructor.ll_impl is not None and not kwargs_w:
                # a builtin type's constructor with a fast path in ll style (range)
                w_result = constructor.ll_impl(space, args_w)
                if w_result is not None:
                    frame.stack.append(w_result)
                    return None
        if tid == L.W_BuiltinFunctionObject.tid and not kwargs_w:
            builtin = space.builtin_functions[ll.promote(ll.getfield_gc_i(w_func, functionobject.B_INDEX))]
            if builtin.ll_impl is not None:
                # a builtin with a fast path in ll style (len, list.append...): inline
                w_self = ll.getfield_gc_r(w_func, functionobject.B_SELF)
                w_result = builtin.ll_impl(space, args_w if ll.is_null(w_self) else [w_self] + args_w)
                if w_result is not None:
                    frame.stack.append(w_result)
                    return None
        # the operands are popped: the frame holds nothing else, so a guest
        # __call__ or __init__ behind w_func may collect (call_held pins them)
        frame.stack.append(ll.call_r(space.call_held, w_func, args_w, kwargs_w))
        return None

    def RETURN_VALUE(self, frame, arg):
        return self.finish_frame(frame, frame.stack.pop())

    def YIELD_VALUE(self, frame, arg):
        return self.yield_value(frame, frame.stack.pop())

    def GET_YIELD_FROM_ITER(self, frame, arg):
        space = self.space
        w_obj = frame.stack[-1]
        if space.ll.classof(w_obj) != L.W_GeneratorObject.tid:
            frame.stack[-1] = space.iter(w_obj)

    def YIELD_FROM(self, frame, arg):
        # the delegation step is a residual call in traces: the
        # sub-generator's frame runs outside them (gc_safe: w_sub is on the
        # stack and w_sent goes onto the sub-generator's stack; this frame
        # holds nothing else)
        space = self.space
        ll = space.ll
        w_sent = frame.stack.pop()
        w_sub = frame.stack[-1]
        if ll.classof(w_sub) == L.W_GeneratorObject.tid:
            w_item = ll.call_r(self.generator_send, w_sub, w_sent, True)
            if ll.is_null(w_item):
                frame.stack[-1] = ll.call_r(self.generator_return_value)
                return None
        else:
            w_item = space.next_or_null(w_sub, True)
            if ll.is_null(w_item):
                frame.stack[-1] = space.w_None
                return None
        frame.pc = frame.last_instr      # run YIELD_FROM again on resumption
        return self.yield_value(frame, w_item)

    # -- classes and modules -----------------------------------------------------------------------------

    def LOAD_BUILD_CLASS(self, frame, arg):
        frame.stack.append(self.space.w_build_class)

    def IMPORT_NAME(self, frame, arg):
        space = self.space
        frame.stack.pop()
        frame.stack.pop()
        frame.stack.append(space.import_module(frame.code.co_names[arg]))

    def IMPORT_FROM(self, frame, arg):
        space = self.space
        w_module = frame.stack[-1]
        name = frame.code.co_names[arg]
        try:
            frame.stack.append(space.getattr(w_module, name))
        except OperationError:
            raise space.error(space.w_ImportError, "cannot import name '%s' from 'math' (built-in)" % name)


HANDLER_NAMES = {info.code: info.name for info in opcodes.OPCODES}


def _check_handlers():
    for name in HANDLER_NAMES.values():
        assert callable(getattr(OpcodeHandlers, name, None)), "opcode %s has no handler" % name
    for attr in vars(OpcodeHandlers):
        if attr.isupper() and not attr.startswith("_"):
            assert attr in opcodes.OPS_BY_NAME, "handler %s names no opcode" % attr


_check_handlers()
