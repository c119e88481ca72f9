# Writes tests/nestmlc/corpus/reject/*.nestml. "§" marks the first character
# of the token each expected error points at (in order of the expectations).
import os, sys
sys.path.insert(0, os.path.dirname(__file__))
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'reject')
FILES = {}

def add(name, desc, body, errors, raw=None):
    FILES[name] = (desc, errors, body, raw)

def render(desc, errors, body):
    head = ['# ' + l for l in desc.strip('\n').split('\n')]
    n_head = len(head) + len(errors)
    lines = body.lstrip('\n').split('\n')
    pos, clean = [], []
    for i, l in enumerate(lines):
        while '§' in l:
            c = l.index('§')
            pos.append((i + 1 + n_head, c + 1))
            l = l[:c] + l[c + 1:]
        clean.append(l)
    assert len(pos) == len(errors), (desc, pos, errors)
    for (ln, col), sub in zip(pos, errors):
        head.append('# expect-error: %d:%d: %s' % (ln, col, sub))
    return '\n'.join(head + clean)

IO = '''
    input:
        spikes <- spike

    output:
        spike
'''

def model(name, blocks, io=True):
    """A model NAME with the given block text (already indented by 4)."""
    return 'model %s:\n' % name + blocks.strip('\n') + '\n' + (IO if io else '')

# ------------------------------------------------------------ blocks and declarations
for blk, first, second in [
    ('state', '    state:\n        x real = 0\n', '    §state:\n        y real = 0\n'),
    ('parameters', '    parameters:\n        a real = 1\n', '    §parameters:\n        b real = 2\n'),
    ('internals', '    internals:\n        a real = 1\n', '    §internals:\n        b real = 2\n'),
    ('equations', '    equations:\n        x\' = -x / tau\n', '    §equations:\n        y\' = -y / tau\n'),
    ('update', '    update:\n        integrate_odes()\n', '    §update:\n        x += 0\n'),
]:
    extra = '    state:\n        x real = 1\n        y real = 1\n    parameters:\n        tau ms = 1 ms\n'
    if blk == 'state':
        extra = '    parameters:\n        tau ms = 1 ms\n'
    if blk == 'parameters':
        extra = '    state:\n        x real = 1\n'
    if blk == 'internals':
        extra = '    state:\n        x real = 1\n'
    upd = '    update:\n        integrate_odes()\n' if blk in ('equations',) else ''
    if blk == 'update':
        extra += '    equations:\n        x\' = -x / tau\n'
    add('duplicate_block_' + blk, 'The %s block appears twice.' % blk,
        model('dup_%s_neuron' % blk, extra + first + second + upd), ['more than once'])

add('duplicate_block_input', 'The input block appears twice.', '''
model dup_input_neuron:
    state:
        x real = 0
    input:
        a_spikes <- spike
    §input:
        b_spikes <- spike
    output:
        spike
    update:
        x += 1
''', ['more than once'])

add('duplicate_block_output', 'The output block appears twice.', '''
model dup_output_neuron:
    state:
        x real = 0
    input:
        spikes <- spike
    output:
        spike
    §output:
        spike
    update:
        x += 1
''', ['more than once'])

add('state_not_initialised', 'State variables must have an initial value.', model('uninit_neuron', '''
    state:
        x real = 0
        §V_m mV
    update:
        x = V_m / mV
'''), ['initial'])

add('ode_derivative_state_missing', '''Second-order ODE whose first derivative g' is not declared (and
initialised) in state.''', model('deriv_missing_neuron', '''
    state:
        g real = 0
    equations:
        §g'' = -g / tau**2
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['order'])

add('ode_order_zero', 'An equation without apostrophe in the equations block is not an ODE.', model('order0_neuron', '''
    state:
        x real = 0
    equations:
        §x = 1
    update:
        integrate_odes()
'''), ['order'])

add('ode_lhs_undeclared', 'ODE for a variable that is not declared in state.', model('ode_undecl_neuron', '''
    state:
        x real = 0
    equations:
        §y' = -x / tau
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['undeclared'])

add('ode_defined_twice', 'Two ODEs for the same variable.', model('ode_twice_neuron', '''
    state:
        x real = 0
    equations:
        x' = -x / tau
        §x' = x / tau
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['more than once'])

add('undeclared_variable', 'A name that is declared nowhere.', model('undecl_neuron', '''
    state:
        x real = 0
    update:
        x = 2 * §foo
'''), ['undeclared'])

add('undeclared_in_equations', 'An undeclared name inside an ODE right-hand side.', model('undecl_eq_neuron', '''
    state:
        V_m mV = 0 mV
    equations:
        V_m' = -V_m / §tau_x
    update:
        integrate_odes()
'''), ['undeclared'])

add('local_used_before_declaration', 'A local variable is used before its declaration.', model('use_before_neuron', '''
    state:
        x real = 0
    update:
        x = §y + 1
        y real = 2
'''), ['undeclared'])

add('local_out_of_scope', 'A local declared inside an if body is not visible after it.', model('scope_neuron', '''
    state:
        x real = 0
    update:
        if x > 1:
            tmp real = 2
        x = §tmp
'''), ['undeclared'])

add('variable_declared_twice', 'The same state variable declared twice.', model('twice_neuron', '''
    state:
        x real = 0
        §x real = 1
    update:
        x += 1
'''), ['already declared'])

add('variable_declared_in_two_blocks', 'A name declared in state and again in parameters.', model('two_blocks_neuron', '''
    state:
        tau ms = 1 ms
    parameters:
        §tau ms = 2 ms
    update:
        tau += 1 ms
'''), ['already declared'])

add('multi_name_repeats_name', 'A multi-name declaration that repeats a name.', model('multi_repeat_neuron', '''
    state:
        a, §a real = 0
    update:
        a += 1
'''), ['already declared'])

add('local_declared_twice', 'A local declared twice in the same block.', model('local_twice_neuron', '''
    state:
        x real = 0
    update:
        y real = 1
        §y real = 2
        x = y
'''), ['already declared'])

add('model_name_duplicate', 'Two models with the same name in one file.', '''
model same_name_neuron:
    state:
        x real = 0
    input:
        spikes <- spike
    output:
        spike
    update:
        x += 1

model §same_name_neuron:
    state:
        y real = 0
    input:
        spikes <- spike
    output:
        spike
    update:
        y += 1
''', ['already declared'])

add('redefine_predefined_variable', 'The predefined variable t cannot be declared by a model.', model('redef_t_neuron', '''
    state:
        §t real = 0
    update:
        t += 1
'''), ['predefined'])

add('keyword_as_name', 'A keyword (step) used as a variable name.', model('kw_name_neuron', '''
    state:
        z real = 0
        §step real = 0
    update:
        z += 1
'''), ['keyword'])

add('keyword_as_model_name', 'A keyword (state) used as the model name.', '''
model §state:
    state:
        x real = 0
    update:
        x += 1
''', ['keyword'])

# ------------------------------------------------------------ assignments
add('assign_to_parameter', 'Parameters may not be assigned outside their declaration.', model('assign_param_neuron', '''
    parameters:
        tau ms = 1 ms
    state:
        x real = 0
    update:
        §tau = 2 ms
'''), ['cannot assign to parameter'])

add('assign_to_parameter_compound', 'Compound assignment to a parameter in a handler.', model('assign_param2_neuron', '''
    parameters:
        gain real = 1
    state:
        x real = 0
    update:
        x += 1
    onReceive(spikes):
        §gain += 1
'''), ['cannot assign to parameter'])

add('assign_to_internal', 'Internals may only be assigned in the internals block.', model('assign_internal_neuron', '''
    internals:
        k real = 2
    state:
        x real = 0
    update:
        §k = 3
'''), ['cannot assign to internal'])

add('assign_to_inline', 'Inline expressions cannot be assigned.', model('assign_inline_neuron', '''
    state:
        V_m mV = 0 mV
    equations:
        inline I pA = 10 pA
        V_m' = -V_m / tau + I / C_m
    parameters:
        tau ms = 10 ms
        C_m pF = 100 pF
    update:
        integrate_odes()
        §I = 5 pA
'''), ['cannot assign to inline'])

add('assign_to_input_port', 'Input ports cannot be assigned.', '''
model assign_port_neuron:
    state:
        x real = 0
    input:
        spikes <- spike
        I_stim pA <- continuous
    output:
        spike
    update:
        §I_stim = 1 pA
''', ['cannot assign to input port'])

add('assign_to_spike_port', 'A spike port cannot be assigned in its handler.', '''
model assign_spike_port_neuron:
    state:
        x real = 0
    input:
        spikes <- spike
    output:
        spike
    update:
        x += 1
    onReceive(spikes):
        §spikes = 0 / s
''', ['cannot assign to input port'])

add('inline_without_rhs', 'An inline expression needs = and a right-hand side.', model('inline_norhs_neuron', '''
    state:
        V_m mV = 0 mV
    equations:
        inline I pA§
        V_m' = -V_m / tau
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['expected'])

add('inline_several_lhs', 'An inline expression has exactly one name on the left.', model('inline_lhs_neuron', '''
    state:
        V_m mV = 0 mV
    equations:
        inline I§, J pA = 1 pA
        V_m' = -V_m / tau
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['one name'])

# ------------------------------------------------------------ kernels and convolve
add('kernel_outside_convolve', 'A kernel name used in an ODE outside convolve().', model('kernel_misuse_neuron', '''
    state:
        V_m mV = 0 mV
    equations:
        kernel Kern = exp(-t / tau)
        V_m' = -V_m / tau + §Kern * mV / ms
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['only inside convolve'])

add('kernel_in_update', 'A kernel name used in a statement.', model('kernel_update_neuron', '''
    state:
        x real = 0
    equations:
        kernel Kern = exp(-t / tau)
    parameters:
        tau ms = 1 ms
    update:
        x = §Kern
'''), ['only inside convolve'])

add('convolve_first_arg_not_kernel', 'The first argument of convolve must be a kernel.', model('conv_arg1_neuron', '''
    state:
        V_m mV = 0 mV
        y real = 0
    equations:
        V_m' = -V_m / tau + convolve(§y, spikes) * mV / ms
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['convolve'])

add('convolve_second_arg_not_spike_port', 'The second argument of convolve must be a spike input port.', '''
model conv_arg2_neuron:
    state:
        V_m mV = 0 mV
    equations:
        kernel Kern = exp(-t / tau)
        V_m' = -V_m / tau + convolve(Kern, §I_stim) * mV / ms
    parameters:
        tau ms = 1 ms
    input:
        spikes <- spike
        I_stim pA <- continuous
    output:
        spike
    update:
        integrate_odes()
''', ['convolve'])

add('convolve_wrong_arg_count', 'convolve takes exactly two arguments.', model('conv_count_neuron', '''
    state:
        V_m mV = 0 mV
    equations:
        kernel Kern = exp(-t / tau)
        V_m' = -V_m / tau + §convolve(Kern) * mV / ms
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['convolve'])

add('convolve_expression_arg', 'convolve arguments must be plain names, not expressions.', model('conv_expr_neuron', '''
    state:
        V_m mV = 0 mV
    equations:
        kernel Kern = exp(-t / tau)
        V_m' = -V_m / tau + convolve(§2 * Kern, spikes) * mV / ms
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['convolve'])

add('convolve_in_update', 'convolve() is only allowed in the equations block.', model('conv_update_neuron', '''
    state:
        x real = 0
    equations:
        kernel Kern = exp(-t / tau)
    parameters:
        tau ms = 1 ms
    update:
        x = §convolve(Kern, spikes)
'''), ['convolve'])

add('delta_argument_not_t', 'delta may only be called as delta(t).', model('delta_arg_neuron', '''
    state:
        V_m mV = 0 mV
    equations:
        kernel Kern = §delta(t - 1 ms)
        V_m' = -V_m / tau + convolve(Kern, spikes) * mV / ms
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['delta(t)'])

add('delta_outside_kernel', 'delta(t) is only allowed in a kernel.', model('delta_outside_neuron', '''
    state:
        V_m mV = 0 mV
    equations:
        V_m' = -V_m / tau + §delta(t) * mV
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['delta(t)'])

add('kernel_type_function_with_unit', 'A kernel written as a function of t must be dimensionless.', model('kernel_unit_neuron', '''
    state:
        V_m mV = 0 mV
    equations:
        kernel Kern = §exp(-t / tau) * mV
        V_m' = -V_m / tau + convolve(Kern, spikes) * mV / ms
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['kernel type'])

add('kernel_type_ode_rhs', "The right-hand side of an ODE-form kernel gk' must have gk's unit per time.", model('kernel_rhs_neuron', '''
    state:
        V_m mV = 0 mV
        gk real = 0
    equations:
        kernel gk' = §-gk / tau * mV
        V_m' = -V_m / tau + convolve(gk, spikes) * mV / ms
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['kernel type'])

add('kernel_type_state_order', "The state gk' of a second-order kernel must be gk's unit per time (1/ms for a real gk).", model('kernel_state_neuron', '''
    state:
        V_m mV = 0 mV
        gk real = 0
        gk' mV/ms = 0 mV/ms
    equations:
        kernel §gk'' = -gk / tau**2
        V_m' = -V_m / tau + convolve(gk, spikes) * mV / ms
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['kernel type'])

add('kernel_convolved_with_unit', 'The kernel passed to convolve() must be dimensionless.', model('kernel_conv_unit_neuron', '''
    state:
        V_m mV = 0 mV
        gk mV = 0 mV
    equations:
        kernel gk' = -gk / tau
        V_m' = -V_m / tau + convolve(§gk, spikes) * mV / ms
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['kernel type'])

add('kernel_and_ode_same_variable', 'A variable defined both by a kernel ODE and by a plain ODE.', model('kernel_ode_twice_neuron', '''
    state:
        V_m mV = 0 mV
        gk real = 0
    equations:
        kernel gk' = -gk / tau
        §gk' = -1 / tau
        V_m' = -V_m / tau + convolve(gk, spikes) * mV / ms
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['both by a kernel'])

# ------------------------------------------------------------ guards, units, vectors
add('guard_not_boolean', 'A guard must be a boolean expression.', model('guard_neuron', '''
    parameters:
        tau ms = 2 ms [[§tau * 2]]
    state:
        x real = 0
    update:
        x += 1
'''), ['guard must be boolean'])

add('unit_numerator_not_one', 'A numeric numerator in a unit type must be 1.', model('numerator_neuron', '''
    state:
        r §2/ms = 1 / ms
    update:
        r = 2 / ms
'''), ['numerator must be 1'])

add('unknown_unit', 'An unknown unit name in a type.', model('unknown_unit_neuron', '''
    state:
        x §mVolt = 0 mV
    update:
        x += 1 mV
'''), ['unknown unit'])

add('unknown_unit_min', '"min" is not a unit (NESTML excludes it).', model('unit_min_neuron', '''
    parameters:
        dur §min = 1 ms
    state:
        x real = 0
    update:
        x += 1
'''), ['unknown unit'])

add('vector_size_zero', 'A vector size must be a positive integer.', model('vec_zero_neuron', '''
    state:
        x[§0] real = 0
    update:
        x[0] = 1
'''), ['vector size'])

add('vector_size_real_parameter', 'A vector size given by a real parameter.', model('vec_real_neuron', '''
    parameters:
        n real = 3
    state:
        x[§n] real = 0
    update:
        x[0] = 1
'''), ['vector size'])

add('vector_size_state_variable', 'A vector size given by a state variable.', model('vec_state_neuron', '''
    state:
        n integer = 3
        x[§n] real = 0
    update:
        x[0] = 1
'''), ['vector size'])

add('vector_index_negative', 'A negative constant vector index.', model('vec_neg_neuron', '''
    state:
        x[3] real = 0
    update:
        x[§-1] = 1
'''), ['index'])

add('vector_index_real', 'A vector index must be an integer.', model('vec_idx_real_neuron', '''
    state:
        x[3] real = 0
    update:
        x[§0.5] = 1
'''), ['index'])

add('vector_without_index', 'A vector used as a scalar.', model('vec_noidx_neuron', '''
    state:
        x[3] real = 0
        y real = 0
    update:
        y = §x
'''), ['index'])

add('index_on_scalar', 'Indexing a variable that is not a vector.', model('idx_scalar_neuron', '''
    state:
        y real = 0
    update:
        §y[1] = 2
'''), ['index'])

# ------------------------------------------------------------ input / output ports
add('port_qualifier_repeated', 'An input port may not repeat a qualifier.', '''
model qualifier_neuron:
    state:
        x real = 0
    input:
        spikes <- excitatory §excitatory spike
    output:
        spike
    update:
        x += 1
''', ['repeated'])

add('typed_spike_port', 'Spike ports have no data type since NESTML 6.', '''
model typed_port_neuron:
    state:
        x real = 0
    input:
        spikes §pA <- spike
    output:
        spike
    update:
        x += 1
''', ['type'])

add('continuous_port_without_type', 'A continuous input port needs a data type.', '''
model cont_notype_neuron:
    state:
        x real = 0
    input:
        §I_stim <- continuous
    output:
        spike
    update:
        x += 1
''', ['type'])

add('output_spike_attributes', 'Output event attributes were removed in NESTML 8.3.', '''
model out_attr_neuron:
    state:
        x real = 0
    input:
        spikes <- spike
    output:
        spike§(weight real, delay ms)
    update:
        x += 1
''', ['expected'])

add('emit_spike_two_arguments', 'emit_spike takes at most one argument.', '''
model emit_args_synapse:
    state:
        w real = 1
    input:
        pre_spikes <- spike
    output:
        spike
    onReceive(pre_spikes):
        §emit_spike(w, 1 ms)
''', ['emit_spike'])

add('emit_spike_without_output', 'emit_spike needs an output spike port.', '''
model emit_noout_neuron:
    state:
        x real = 0
    input:
        spikes <- spike
    update:
        x += 1
        if x > 3:
            §emit_spike()
''', ['emit_spike'])

add('onreceive_unknown_port', 'onReceive of a port that does not exist.', model('recv_unknown_neuron', '''
    state:
        x real = 0
    update:
        x += 1
    onReceive(§nonexistent):
        x = 0
'''), ['undeclared'])

add('onreceive_twice_same_port', 'One onReceive per spiking port.', model('recv_twice_neuron', '''
    state:
        x real = 0
    update:
        x += 1
    onReceive(spikes):
        x = 0
    §onReceive(spikes):
        x = 1
'''), ['more than once'])

add('priority_duplicate', 'onReceive priorities must be distinct.', '''
model prio_dup_synapse:
    state:
        w real = 1
    input:
        pre_spikes <- spike
        post_spikes <- spike
    output:
        spike
    onReceive(pre_spikes, priority=1):
        emit_spike(w)
    onReceive(post_spikes, priority=§1):
        w += 1
''', ['priority'])

add('priority_missing', '''If one onReceive handler has a priority, all must have one; the error is at
the handler without priority.''', '''
model prio_missing_synapse:
    state:
        w real = 1
    input:
        pre_spikes <- spike
        post_spikes <- spike
    output:
        spike
    onReceive(pre_spikes, priority=2):
        emit_spike(w)
    §onReceive(post_spikes):
        w += 1
''', ['priority'])

# ------------------------------------------------------------ predefined functions and blocks
add('integrate_odes_arg_not_state', 'integrate_odes arguments must be state variables.', model('integ_param_neuron', '''
    state:
        x real = 1
    equations:
        x' = -x / tau
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes(§tau)
'''), ['integrate_odes'])

add('integrate_odes_not_called', '''A model with equations must call integrate_odes in update; the error is at
the update keyword.''', model('integ_missing_neuron', '''
    state:
        x real = 1
    equations:
        x' = -x / tau
    parameters:
        tau ms = 1 ms
    §update:
        x += 0
'''), ['integrate_odes'])

add('resolution_in_equations', 'resolution() is not allowed in the equations block.', model('resol_eq_neuron', '''
    state:
        x real = 1
    equations:
        x' = -x / §resolution()
    update:
        integrate_odes()
'''), ['not allowed in'])

add('timestep_in_internals', 'timestep() is only allowed in update.', model('timestep_int_neuron', '''
    internals:
        h ms = §timestep()
    state:
        x real = 1
    update:
        x += 1
'''), ['not allowed in'])

add('random_in_equations', 'Random functions are not allowed in equations.', model('random_eq_neuron', '''
    state:
        x real = 1
    equations:
        x' = (§random_normal(0, 1) - x) / tau
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['not allowed in'])

add('random_in_parameters', 'Random functions are not allowed in parameter initialisers.', model('random_par_neuron', '''
    parameters:
        v real = §random_uniform(0, 1)
    state:
        x real = 1
    update:
        x += v
'''), ['not allowed in'])

add('unknown_function', 'A call of a function that does not exist.', model('unknown_fn_neuron', '''
    state:
        x real = 1
    update:
        x = §sqrtt(x)
'''), ['unknown function'])

add('deliver_spike_removed', 'deliver_spike was removed in NESTML 8.', '''
model deliver_synapse:
    state:
        w real = 1
    input:
        pre_spikes <- spike
    output:
        spike
    onReceive(pre_spikes):
        §deliver_spike(w, 1 ms)
''', ['unknown function'])

add('predefined_wrong_argument_count', 'A predefined function called with the wrong number of arguments.', model('predef_args_neuron', '''
    state:
        x real = 1
    update:
        x = §exp(x, 2)
'''), ['argument'])

# ------------------------------------------------------------ functions
add('function_defined_twice', 'A function may not be defined twice (no overloading).', model('fn_twice_neuron', '''
    state:
        x real = 1
    update:
        x = f(x)
    function f(v real) real:
        return v
    function §f(v real, w real) real:
        return v + w
'''), ['already declared'])

add('function_redefines_predefined', 'A user function may not reuse a predefined function name.', model('fn_predef_neuron', '''
    state:
        x real = 1
    update:
        x = exp(x)
    function §exp(v real) real:
        return v
'''), ['predefined'])

add('function_wrong_argument_count', 'A user function called with the wrong number of arguments.', model('fn_args_neuron', '''
    state:
        x real = 1
    update:
        x = §f(x, 2)
    function f(v real) real:
        return v
'''), ['argument'])

add('function_argument_units', 'A user function called with an argument of the wrong dimension.', model('fn_argunit_neuron', '''
    state:
        V_m mV = 0 mV
        x real = 0
    update:
        x = f(§V_m)
    function f(d ms) real:
        return d / ms
'''), ['argument'])

add('return_type_mismatch', 'A function declared to return a voltage returns a time.', model('ret_unit_neuron', '''
    state:
        V_m mV = 0 mV
    update:
        V_m = f()
    function f() mV:
        return §2 ms
'''), ['return type'])

add('return_value_in_void_function', 'A function without return type returns a value.', model('ret_void_neuron', '''
    state:
        x real = 0
    update:
        g()
    function g():
        §return 1
'''), ['return type'])

add('return_without_value', 'A function with a return type returns no value.', model('ret_novalue_neuron', '''
    state:
        x real = 0
    update:
        x = g()
    function g() real:
        §return
'''), ['return type'])

add('return_boolean_for_real', 'A boolean returned from a real function.', model('ret_bool_neuron', '''
    state:
        x real = 0
    update:
        x = g()
    function g() real:
        return §x > 1
'''), ['return type'])

# ------------------------------------------------------------ types and units in expressions
add('ode_unit_mismatch', 'The right-hand side of an ODE has the wrong dimension.', model('ode_unit_neuron', '''
    state:
        V_m mV = 0 mV
    equations:
        V_m' = §-V_m * tau
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['unit'])

add('assignment_unit_mismatch', 'A time assigned to a voltage.', model('assign_unit_neuron', '''
    state:
        V_m mV = 0 mV
    update:
        V_m = §3 ms
'''), ['unit'])

add('initialiser_unit_mismatch', 'A state initialiser of the wrong dimension.', model('init_unit_neuron', '''
    state:
        V_m mV = §10 pA
    update:
        V_m += 1 mV
'''), ['unit'])

add('addition_unit_mismatch', 'Adding a voltage and a time (error at the operator).', model('add_unit_neuron', '''
    state:
        V_m mV = 0 mV
    parameters:
        tau ms = 1 ms
    update:
        V_m = V_m §+ tau
'''), ['unit'])

add('comparison_unit_mismatch', 'Comparing a voltage with a current (error at the operator).', model('cmp_unit_neuron', '''
    state:
        V_m mV = 0 mV
        I pA = 0 pA
    update:
        if V_m §> I:
            V_m = 0 mV
'''), ['unit'])

add('compound_assignment_unit_mismatch', 'Compound assignment with a value of another dimension.', model('compound_unit_neuron', '''
    state:
        V_m mV = 0 mV
    update:
        V_m += §1 nS
'''), ['unit'])

add('boolean_from_number', 'Numbers do not convert to boolean.', model('bool_num_neuron', '''
    state:
        flag boolean = §1
    update:
        flag = not flag
'''), ['incompatible'])

add('if_condition_not_boolean', 'An if condition must be boolean.', model('if_cond_neuron', '''
    state:
        x real = 0
    update:
        if §x + 1:
            x = 0
'''), ['boolean'])

add('string_in_arithmetic', 'A string is not a number.', model('string_arith_neuron', '''
    state:
        x real = 0
    update:
        x = "abc" §+ 1
'''), ['string'])

add('for_variable_undeclared', 'The loop variable of for must be declared before.', model('for_undecl_neuron', '''
    state:
        x real = 0
    update:
        for §i in 0 ... 3 step 1:
            x += i
'''), ['undeclared'])

# ------------------------------------------------------------ syntax (NESTML.md section 11)
add('newline_inside_parentheses', '''A newline inside parentheses without a backslash is an error: the lexer does
not join lines inside parentheses. The error is at the end of the line.''', model('nl_paren_neuron', '''
    state:
        x real = 0
    update:
        x = (1 +§
             2)
'''), ['expected'])

add('docstring_triple_quote', '"""-docstrings were removed in NESTML 8.1.', '''
model docstring_neuron:
    §"""Old style documentation."""
    state:
        x real = 0
    update:
        x += 1
''', ['docstring'])

add('neuron_keyword', 'The neuron keyword was replaced by model in NESTML 8.', '''
§neuron old_style:
    state:
        x real = 0
    update:
        x += 1
''', ['model'])

add('synapse_keyword', 'The synapse keyword was replaced by model in NESTML 8.', '''
§synapse old_style_synapse:
    state:
        w real = 1
    update:
        w += 1
''', ['model'])

add('for_without_step', 'for requires step (the grammar wins over the documentation).', model('for_nostep_neuron', '''
    state:
        x real = 0
    update:
        i integer = 0
        for i in 0 ... 5§:
            x += i
'''), ['step'])

add('end_keyword', 'Blocks are closed by indentation; the old end keyword is an error.', model('end_neuron', '''
    state:
        x real = 0
    §end
    update:
        x += 1
'''), ['expected'])

add('empty_model_body', 'A model needs at least one block; the error is at the next token.', '''
model empty_neuron:

§model full_neuron:
    state:
        x real = 0
    update:
        x += 1
''', ['expected'])

add('empty_model_at_eof', 'A model header with nothing after it, at the end of the file (error at the end of the header line).', '''
model empty_eof_neuron:§''', ['expected'])

add('inconsistent_dedent', 'A dedent to a column that was never an indentation level.', model('dedent_neuron', '''
    state:
        x real = 0
    update:
        if x > 0:
            x = 1
          §x = 2
'''), ['indent'])

add('unexpected_indent', 'A statement indented deeper than its block without an opening header.', model('indent_neuron', '''
    state:
        x real = 0
    update:
        x = 1
            §x = 2
'''), ['indent'])

add('missing_colon', 'A block keyword without its colon (error at the end of the line).', model('colon_neuron', '''
    state§
        x real = 0
    update:
        x += 1
'''), ['expected'])

add('unknown_block', 'A block name that does not exist.', model('unknown_block_neuron', '''
    §variables:
        x real = 0
    update:
        x += 1
'''), ['expected'])

add('missing_operand', 'A binary operator without right operand (error at the end of the line).', model('operand_neuron', '''
    state:
        x real = 0
    update:
        x = x *§
'''), ['expected'])

add('unbalanced_parenthesis', 'A closing parenthesis without opener.', model('paren_neuron', '''
    state:
        x real = 0
    update:
        x = (x + 1)§)
'''), ['expected'])

add('elif_without_if', 'elif without a preceding if.', model('elif_neuron', '''
    state:
        x real = 0
    update:
        x = 1
        §elif x > 0:
            x = 2
'''), ['expected'])

add('assignment_in_condition', 'Assignment is a statement, not an expression.', model('assign_cond_neuron', '''
    state:
        x real = 0
    update:
        if x §= 1:
            x = 2
'''), ['expected'])

add('several_errors', '''Several independent errors in one file: the parser recovers at the next
statement or declaration and reports all of them.''', model('several_neuron', '''
    state:
        x real = 0
        y real =§
    parameters:
        tau ms = 1 ms
    update:
        x = x * §* 2
        x = (x + 1§
        x = 1 + §)
'''), ['expected', 'expected', 'expected', 'expected'])

add('several_semantic_errors', '''Several independent semantic errors in one file are all reported.''',
model('several_sem_neuron', '''
    state:
        x real = 0
    parameters:
        tau ms = 1 ms
    internals:
        k real = 2
    update:
        §tau = 3 ms
        x = §undefined_name
        §k = 1
        x = §nofunc(2)
'''), ['cannot assign to parameter', 'undeclared', 'cannot assign to internal', 'unknown function'])

# ------------------------------------------------------------ lexical horrors
add('unterminated_string', 'A string literal that is not closed before the end of the line.', model('string_neuron', '''
    state:
        x real = 0
    update:
        println(§"never closed)
        x += 1
'''), ['unterminated string'])

add('unterminated_string_eof', 'A string literal still open at the end of the file.', model('string_eof_neuron', '''
    state:
        x real = 0
    update:
        x += 1
        println(§"open until EOF''', io=False), ['unterminated string'])

add('invalid_utf8', 'Invalid UTF-8 bytes (0xFF 0xFE) in the middle of a statement.', model('utf8_neuron', '''
    state:
        x real = 0
    update:
        x = 1 + §\udcff\udcfe2
'''), ['invalid UTF-8'])

add('invalid_utf8_in_comment', 'Invalid UTF-8 (a truncated 2-byte sequence 0xC3 then ASCII) inside a comment.', model('utf8_comment_neuron', '''
    state:
        x real = 0   # caf§\udcc3 au lait
    update:
        x += 1
'''), ['invalid UTF-8'])

add('nul_byte', 'A NUL byte in the middle of a line.', model('nul_neuron', '''
    state:
        x real = 0
    update:
        x = 1§\x00 + 2
'''), ['NUL'])

add('tab_space_chaos', '''Tabs and spaces mixed so that a line dedents to a column (12) that was never an
indentation level (tab = next multiple of 8: levels 0, 8, 16).''', '''
model chaos_neuron:
\tstate:
\t\tx real = 0
\t\ty real = 0
            §z real = 0
\tupdate:
\t\tx += 1
''', ['indent'])

add('too_deeply_nested', '''300 nested parentheses: the front end stops with a diagnostic at the start of
the outermost expression instead of exhausting the stack.''', model('deep_neuron', '''
    state:
        x real = 0
    update:
        x = §''' + '(' * 300 + '1' + ')' * 300 + '''
'''), ['too deeply nested'])

add('too_deeply_nested_unary', '''5000 unary minus signs in a row: recursion through unary operators is bounded
too; the diagnostic is at the start of the expression.''', model('deep_unary_neuron', '''
    state:
        x real = 0
    update:
        x = §''' + '-' * 5000 + '''1
'''), ['too deeply nested'])


add('random_in_state_initialiser', 'Random functions are not allowed in state initialisers (NEST target).', model('random_state_neuron', '''
    state:
        x real = §random_normal(0, 1)
    update:
        x += 1
'''), ['not allowed in'])

add('timestep_in_oncondition', 'timestep() is only allowed in update.', model('timestep_cond_neuron', '''
    state:
        x ms = 0 ms
    update:
        x += 1 ms
    onCondition(x > 5 ms):
        x = §timestep()
'''), ['not allowed in'])

add('emit_spike_in_equations', 'emit_spike is a statement-level call: not inside an ODE.', model('emit_eq_neuron', '''
    state:
        x real = 0
    equations:
        x' = (§emit_spike() - x) / tau
    parameters:
        tau ms = 1 ms
    update:
        integrate_odes()
'''), ['emit_spike'])


add('assign_to_t', 'The predefined variable t is read-only.', model('assign_t_neuron', '''
    state:
        x real = 0
    update:
        §t = 1 ms
'''), ['predefined'])

add('output_two_ports', 'The output block holds one port.', '''
model two_outputs_neuron:
    state:
        x real = 0
    input:
        spikes <- spike
    output:
        spike
        §spike
    update:
        x += 1
''', ['more than once'])

add('onreceive_continuous_port', 'onReceive handles spike ports only, not continuous ports.', '''
model recv_cont_neuron:
    state:
        x real = 0
    input:
        spikes <- spike
        I_stim pA <- continuous
    output:
        spike
    update:
        x += 1
    onReceive(§I_stim):
        x = 0
''', ['continuous'])

add('ternary_branch_units', 'The branches of a conditional expression must have compatible units.', model('ternary_units_neuron', '''
    state:
        x mV = 0 mV
        c boolean = true
    update:
        x = c §? 1 mV : 1 ms
'''), ['unit'])

add('ternary_condition_not_boolean', 'The condition of a conditional expression must be boolean.', model('ternary_cond_neuron', '''
    state:
        x real = 0
    update:
        x = §x ? 1 : 2
'''), ['boolean'])

add('oncondition_not_boolean', 'The condition of onCondition must be boolean.', model('oncond_bool_neuron', '''
    state:
        x real = 0
    update:
        x += 1
    onCondition(§x):
        x = 0
'''), ['boolean'])

add('while_condition_not_boolean', 'The condition of while must be boolean.', model('while_bool_neuron', '''
    state:
        x real = 10
    update:
        while §x:
            x -= 1
'''), ['boolean'])

add('not_on_number', 'not applies to booleans only.', model('not_num_neuron', '''
    state:
        x real = 0
        b boolean = false
    update:
        b = §not x
'''), ['boolean'])

add('exponent_with_unit', 'An exponent must be dimensionless.', model('exp_unit_neuron', '''
    state:
        x real = 2
    parameters:
        tau ms = 1 ms
    update:
        x = x ** §tau
'''), ['unit'])

add('unit_type_exponent_not_literal', 'An exponent in a unit type must be a number.', model('unit_exp_neuron', '''
    parameters:
        n integer = 2
    state:
        x ms**§n = 1 ms
    update:
        x += 1 ms
'''), ['expected'])

add('min_argument_units', 'min/max/clip need arguments of one dimension.', model('min_units_neuron', '''
    state:
        V_m mV = 0 mV
    parameters:
        tau ms = 1 ms
    update:
        V_m = min(V_m, §tau)
'''), ['unit'])

if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    for name, (desc, errs, body, raw) in FILES.items():
        text = render(desc, errs, body)
        if not (name.endswith('_eof')) and not text.endswith('\n'):
            text += '\n'
        data = text.encode('utf-8', 'surrogateescape')
        with open(os.path.join(OUT, name + '.nestml'), 'wb') as f:
            f.write(data)
    print(len(FILES), 'reject files')
