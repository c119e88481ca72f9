# Writes tests/nestmlc/corpus/accept/*.nestml. Markers: "§" before the token a
# warning points at; expectations listed in order of markers.
import os, sys
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'accept')
FILES = {}

def add(name, desc, body, ast=(), warnings=()):
    FILES[name] = (desc, list(ast), list(warnings), body)

def render(desc, ast, warnings, body, kind='warning'):
    head = ['# ' + l for l in desc.strip('\n').split('\n')]
    for a in ast:
        head.append('# expect-ast: ' + a)
    n_head = len(head) + len(warnings)
    # locate markers
    lines = body.lstrip('\n').split('\n')
    pos = []
    clean = []
    for i, l in enumerate(lines):
        while '§' in l:
            c = l.index('§')
            pos.append((i + 1 + n_head, c + 1))
            l = l[:c] + l[c + 1:]
        clean.append(l)
    assert len(pos) == len(warnings), (desc, pos, warnings)
    for (ln, col), sub in zip(pos, warnings):
        head.append('# expect-%s: %d:%d: %s' % (kind, ln, col, sub))
    return '\n'.join(head + clean)

# ---------------------------------------------------------------- blocks
add('minimal_model', 'Smallest useful model: one state variable and an update block.', '''
model minimal_neuron:
    state:
        x real = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        x += 1
''')

add('all_blocks', 'Every block kind once, in the usual order.', '''
model all_blocks_neuron:
    state:
        V_m mV = E_L
        refr_t ms = 0 ms

    equations:
        kernel K_exc = exp(-t / tau_syn)
        inline I_syn pA = convolve(K_exc, spikes) * pA
        V_m' = -(V_m - E_L) / tau_m + (I_syn + I_e + I_stim) / C_m
        refr_t' = -1e3 * ms/s

    parameters:
        C_m pF = 250 pF
        tau_m ms = 10 ms
        tau_syn ms = 2 ms
        E_L mV = -70 mV
        V_th mV = -55 mV
        V_reset mV = -70 mV
        refr_T ms = 2 ms
        I_e pA = 0 pA

    internals:
        h ms = §resolution()

    input:
        spikes <- spike
        I_stim pA <- continuous

    output:
        spike

    update:
        if refr_t > 0 ms:
            integrate_odes(refr_t)
        else:
            integrate_odes(V_m)

    onReceive(spikes):
        V_m += 0.1 mV

    onCondition(refr_t <= 0 ms and V_m >= V_th):
        refr_t = refr_T
        V_m = V_reset
        emit_spike()

    function twice(x real) real:
        return 2 * x
''', warnings=['resolution() assumes a fixed'])

add('block_order_free', 'Blocks may come in any order; functions and handlers anywhere.', '''
model block_order_neuron:
    update:
        integrate_odes()
        y = twice(y)

    function twice(v real) real:
        return 2 * v

    output:
        spike

    equations:
        x' = -x / tau

    parameters:
        tau ms = 5 ms

    state:
        x real = 1
        y real = 1

    input:
        spikes <- spike
''')

add('internals_initialisers', '''Initialisers referencing other parameters, internals, user functions,
resolution(), steps(), math functions, e and pi; parameters without initialiser.''', '''
model initialisers_neuron:
    parameters:
        tau ms = 10 ms
        tau2 ms = 2 * tau
        n_default integer
        r_default real
        gain real = scale(3.0)

    internals:
        h ms = §resolution()
        P real = exp(-h / tau)
        n_steps integer = §steps(tau)
        c real = e * pi / 2
        k real = scale(P)

    state:
        x real = P
        y real = c + gain

    input:
        spikes <- spike

    output:
        spike

    update:
        x = x * P + k

    function scale(v real) real:
        return 0.5 * v
''', warnings=['resolution() assumes a fixed', 'steps() assumes a fixed'])

add('multi_name_declarations', 'Several variables declared in one line share type and initialiser.', '''
model multi_name_neuron:
    state:
        a, b, c real = 0
        g_AMPA, g_NMDA, g_GABA nS = 0.0 nS

    parameters:
        tau_1, tau_2 ms = 3 ms

    internals:
        k1, k2 real = 1.5

    input:
        spikes <- spike

    output:
        spike

    update:
        a = b + c + k1 + k2
        g_AMPA = g_NMDA + g_GABA
''')

add('vector_declarations', '''Vectors in state, parameters and internals: literal size, integer parameter
size, multi-name vector declaration, indexed reads and writes with expressions.''', '''
model vector_neuron:
    parameters:
        n integer = 4
        weights[3] real = 0.5

    state:
        x[3] real = 0
        v[n] mV = -70 mV
        a, b [2] real = 1

    internals:
        gains[n] real = 2

    input:
        spikes <- spike

    output:
        spike

    update:
        k integer = 0
        x[0] = weights[2]
        x[k + 1] = x[k] + gains[n - 1]
        v[n - 1] += 1 mV
        b[1] = b[0] + a
        for k in 0 ... 3 step 1:
            x[k] *= 0.5
''')

add('guards', '''Guards (invariants) after declarations in parameters, state and internals,
combined with initialisers and decorators.''', '''
model guards_synapse:
    parameters:
        tau ms = 2 ms [[tau > 0 ms]]
        t_ref_abs ms = 1 ms
        t_ref_tot ms = 2 ms [[t_ref_tot >= t_ref_abs]]
        Wmax real = 100. [[Wmax >= 0]]
        lo real = 0 [[lo >= 0 and lo < Wmax]] @homogeneous

    state:
        w real = 1 [[w >= 0]]

    internals:
        decay real = exp(-1 ms / tau) [[decay <= 1]]

    input:
        pre_spikes <- spike

    output:
        spike

    onReceive(pre_spikes):
        w = min(Wmax, w * decay + 1)
        emit_spike(w)
''')

add('decorators', '''Decorators: @homogeneous, @heterogeneous and namespaced @ns::name (legacy
@nest::weight), several on one declaration.''', '''
model decorators_synapse:
    state:
        w real = 1 @nest::weight
        d ms = 1 ms @nest::delay

    parameters:
        lam real = 0.01 @homogeneous
        tau ms = 20 ms @heterogeneous
        alpha real = 1 @homogeneous @nest::alpha

    input:
        pre_spikes <- spike

    output:
        spike

    onReceive(pre_spikes):
        w += lam * alpha
        emit_spike(w)
''')

add('recordable_inline', 'Inline expressions, nested inlines and recordable inline.', '''
model recordable_inline_neuron:
    state:
        V_m mV = -70 mV

    equations:
        inline V_rel mV = V_m - E_L
        recordable inline I_leak pA = -g_L * V_rel
        inline I_total pA = I_leak + I_e
        V_m' = I_total / C_m

    parameters:
        E_L mV = -70 mV
        g_L nS = 10 nS
        C_m pF = 200 pF
        I_e pA = 100 pA

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
''')

# ---------------------------------------------------------------- ODEs
add('ode_order1', 'First-order ODEs, several in one block.', '''
model ode_order1_neuron:
    state:
        V_m mV = -70 mV
        w pA = 0 pA

    equations:
        V_m' = -(V_m - E_L) / tau_m - w / C_m
        w' = (a * (V_m - E_L) - w) / tau_w

    parameters:
        E_L mV = -70 mV
        tau_m ms = 10 ms
        C_m pF = 250 pF
        a nS = 4 nS
        tau_w ms = 144 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
''')

add('ode_order2', '''Second-order ODE: the state declares the variable and its first derivative
by name with an apostrophe, and the derivative can be assigned.''', '''
model ode_order2_neuron:
    state:
        I_syn pA = 0 pA
        I_syn' pA/ms = 0 pA/ms

    equations:
        I_syn'' = -2 * I_syn' / tau_syn - I_syn / tau_syn**2

    parameters:
        tau_syn ms = 2 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()

    onReceive(spikes):
        I_syn' += e / tau_syn * pA * spikes * s
''')

add('ode_order3', "Third-order ODE with y, y' and y'' declared in state.", """
model ode_order3_neuron:
    state:
        y real = 0
        y' 1/ms = 0 / ms
        y'' 1/ms**2 = 1 / ms**2

    equations:
        y''' = -y / tau**3 - 3 * y' / tau**2 - 3 * y'' / tau

    parameters:
        tau ms = 4 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes(y)
""")

add('integrate_odes_arguments', '''integrate_odes() with no argument, with one and with several state
variables, in branches (the NESTML 8 refractoriness idiom).''', '''
model integrate_args_neuron:
    state:
        V_m mV = -70 mV
        w pA = 0 pA
        refr_t ms = 0 ms

    equations:
        V_m' = -(V_m + 70 mV) / tau - w / C_m
        w' = -w / tau_w
        refr_t' = -1e3 * ms/s

    parameters:
        tau ms = 10 ms
        tau_w ms = 100 ms
        C_m pF = 250 pF

    input:
        spikes <- spike

    output:
        spike

    update:
        if refr_t > 0 ms:
            integrate_odes(w, refr_t)
        elif V_m > 0 mV:
            integrate_odes()
        else:
            integrate_odes(V_m, w)
''')

add('delay_differential', 'A state variable read with a constant delay in an ODE: bar(t - delay).', '''
model delay_neuron:
    state:
        foo real = 0
        bar real = 1

    equations:
        bar' = -bar / tau
        foo' = bar(t - delay) / tau

    parameters:
        tau ms = 10 ms
        delay ms = 5 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
''', ast=['(bar((t - delay)) / tau)'])

add('spike_port_in_ode', '''A spike port used directly in an ODE right-hand side (becomes a jump) and a
continuous port read in an ODE.''', '''
model port_in_ode_neuron:
    state:
        V_m mV = -70 mV

    equations:
        V_m' = -(V_m - E_L) / tau_m + spikes * s * mV / ms + I_stim / C_m

    parameters:
        E_L mV = -70 mV
        tau_m ms = 10 ms
        C_m pF = 250 pF

    input:
        spikes <- spike
        I_stim pA <- continuous

    output:
        spike

    update:
        integrate_odes()
''')

# ---------------------------------------------------------------- kernels
add('kernel_exp', 'Exponential kernel as a function of t, convolved with a spike port.', '''
model kernel_exp_neuron:
    state:
        V_m mV = 0 mV

    equations:
        kernel Kern = exp(-t / tau_syn)
        V_m' = -V_m / tau_m + convolve(Kern, spikes) * mV / ms

    parameters:
        tau_syn ms = 2 ms
        tau_m ms = 10 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
''')

add('kernel_alpha', 'Alpha kernels (e/tau) t exp(-t/tau) on an excitatory and an inhibitory port.', '''
model kernel_alpha_neuron:
    state:
        V_m mV = 0 mV

    equations:
        kernel K_exc = (e / tau_exc) * t * exp(-t / tau_exc)
        kernel K_inh = (e / tau_inh) * t * exp(-t / tau_inh)
        inline I_syn pA = convolve(K_exc, exc_spikes) * pA - convolve(K_inh, inh_spikes) * pA
        V_m' = -V_m / tau_m + I_syn / C_m

    parameters:
        tau_exc ms = 0.5 ms
        tau_inh ms = 1 ms
        tau_m ms = 10 ms
        C_m pF = 250 pF

    input:
        exc_spikes <- excitatory spike
        inh_spikes <- inhibitory spike

    output:
        spike

    update:
        integrate_odes()
''')

add('kernel_delta', 'Delta kernel delta(t): spikes become jumps of V_m.', '''
model kernel_delta_neuron:
    state:
        V_m mV = 0 mV

    equations:
        kernel K_delta = delta(t)
        V_m' = -V_m / tau_m + convolve(K_delta, spikes) * mV / ms

    parameters:
        tau_m ms = 10 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
''')

add('kernel_beta', 'Beta (difference of exponentials) kernel with a normalisation internal.', '''
model kernel_beta_neuron:
    state:
        g nS = 0 nS

    equations:
        kernel K_beta = norm * (exp(-t / tau_decay) - exp(-t / tau_rise))
        g' = -g / tau_m + convolve(K_beta, spikes) * nS / ms

    parameters:
        tau_rise ms = 0.5 ms
        tau_decay ms = 5 ms
        tau_m ms = 10 ms

    internals:
        t_peak ms = tau_decay * tau_rise * ln(tau_decay / tau_rise) / (tau_decay - tau_rise)
        norm real = 1 / (exp(-t_peak / tau_decay) - exp(-t_peak / tau_rise))

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
''')

add('kernel_ode_form', '''Kernels written as ODEs: one first-order kernel and a coupled system
joined by comma-newline (kernel joining), with $ in an auxiliary name; the
kernel state and its initial values are declared in the state block.''', '''
model kernel_ode_neuron:
    state:
        V_m mV = 0 mV
        K1 real = 1
        g real = 0
        g$ 1/ms = e / tau_syn

    equations:
        kernel K1' = -K1 / tau_syn
        kernel g' = g$ - g / tau_syn,
               g$' = -g$ / tau_syn
        V_m' = -V_m / tau_m + (convolve(K1, spikes) + convolve(g, spikes)) * mV / ms

    parameters:
        tau_syn ms = 2 ms
        tau_m ms = 10 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
''')

add('kernel_sum_scaled', 'Sums and scalings of kernel functions of t, and one kernel convolved with two ports.', '''
model kernel_sum_neuron:
    state:
        V_m mV = 0 mV

    equations:
        kernel Kern = 0.3 * exp(-t / tau_fast) + 0.7 * exp(-t / tau_slow)
        V_m' = -V_m / tau_m + (convolve(Kern, spikes_a) + 2 * convolve(Kern, spikes_b)) * mV / ms

    parameters:
        tau_fast ms = 1 ms
        tau_slow ms = 10 ms
        tau_m ms = 20 ms

    input:
        spikes_a <- spike
        spikes_b <- spike

    output:
        spike

    update:
        integrate_odes()
''')

# ---------------------------------------------------------------- input / output
add('spike_port_qualifiers', 'Spike ports without qualifier, excitatory, inhibitory, and both.', '''
model qualifiers_neuron:
    state:
        x real = 0

    input:
        any_spikes <- spike
        exc_spikes <- excitatory spike
        inh_spikes <- inhibitory spike
        both_spikes <- excitatory inhibitory spike
        both2_spikes <- inhibitory excitatory spike

    output:
        spike

    update:
        x = 0

    onReceive(exc_spikes):
        x += exc_spikes * s

    onReceive(inh_spikes):
        x -= inh_spikes * s
''')

add('vector_ports', '''Vector spike ports with literal and parameter size; elements in convolve,
in onReceive bodies and in ODEs.''', '''
model vector_ports_neuron:
    parameters:
        N_RECEPTORS integer = 2
        tau ms = 2 ms

    state:
        V_m mV = 0 mV
        acc[3] real = 0

    equations:
        kernel Kern = exp(-t / tau)
        V_m' = -V_m / tau + (convolve(Kern, spikes[0]) + convolve(Kern, spikes[2]) + convolve(Kern, other[1])) * mV / ms

    input:
        spikes[3] <- spike
        other[N_RECEPTORS] <- excitatory spike

    output:
        spike

    update:
        integrate_odes()
        acc[1] = spikes[1] * s
''')

add('continuous_port', 'Continuous input ports with physical and composite types.', '''
model continuous_port_neuron:
    state:
        V_m mV = 0 mV

    equations:
        V_m' = -V_m / tau + I_stim / C_m + dV_ext

    parameters:
        tau ms = 10 ms
        C_m pF = 100 pF

    input:
        I_stim pA <- continuous
        dV_ext mV/ms <- continuous
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
''')

add('output_spike', 'Output block containing spike; emit_spike() from update and from onCondition.', '''
model output_neuron:
    state:
        count integer = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        count += 1
        if count % 10 == 0:
            emit_spike()

    onCondition(count > 100):
        count = 0
        emit_spike()
''')

# ---------------------------------------------------------------- handlers
add('onreceive_priorities', '''Synapse with pre and post ports and onReceive handlers with priorities
(larger runs first) and emit_spike(w).''', '''
model priorities_synapse:
    state:
        w real = 1
        pre_trace real = 0
        post_trace real = 0

    parameters:
        tau_pre ms = 20 ms
        tau_post ms = 20 ms

    equations:
        pre_trace' = -pre_trace / tau_pre
        post_trace' = -post_trace / tau_post

    input:
        pre_spikes <- spike
        post_spikes <- spike

    output:
        spike

    update:
        integrate_odes()

    onReceive(post_spikes, priority=2):
        post_trace += 1
        w += pre_trace

    onReceive(pre_spikes, priority=1):
        pre_trace += 1
        w -= post_trace
        emit_spike(w)
''')

add('onreceive_extra_params', 'onReceive with extra name=literal parameters of every literal kind.', '''
model onreceive_params_neuron:
    state:
        x real = 0

    input:
        a_spikes <- spike
        b_spikes <- spike

    output:
        spike

    update:
        x *= 0.5

    onReceive(a_spikes, priority=3, flag=true, ratio=0.5, label="a"):
        x += 1

    onReceive(b_spikes, priority=1, limit=inf):
        x -= 1
''')

add('onreceive_in_neuron', '''onReceive in a neuron: the port name is the summed weight (unit 1/s), hence
the idiom I += spikes * pA * s.''', '''
model onreceive_neuron:
    state:
        I_syn pA = 0 pA

    equations:
        I_syn' = -I_syn / tau

    parameters:
        tau ms = 2 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()

    onReceive(spikes):
        I_syn += spikes * pA * s
''')

add('oncondition_variants', '''Several onCondition blocks (source order), one with extra name=literal
parameters, conditions with and/or/not.''', '''
model oncondition_neuron:
    state:
        V_m mV = -70 mV
        refr_t ms = 0 ms

    equations:
        V_m' = -(V_m - E_L) / tau + I_e / C_m
        refr_t' = -1e3 * ms/s

    parameters:
        E_L mV = -70 mV
        tau ms = 10 ms
        C_m pF = 250 pF
        I_e pA = 500 pA
        V_th mV = -55 mV

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()

    onCondition(refr_t <= 0 ms and V_m >= V_th):
        refr_t = 2 ms
        V_m = E_L
        emit_spike()

    onCondition(V_m < -100 mV, foo=3):
        V_m = -100 mV

    onCondition(not (refr_t > 0 ms) or V_m == E_L):
        refr_t = 0 ms
''')

# ---------------------------------------------------------------- functions and statements
add('functions', '''User functions: with and without return type, unit-typed parameters and
return types, parameter shadowing a model variable, functions calling functions,
bare return, recursion-free call from equations, update and initialisers.''', '''
model functions_neuron:
    state:
        V_m mV = -65 mV
        m real = m_inf(-65 mV)

    equations:
        m' = alpha_m(V_m) * (1 - m) - beta_m(V_m) * m

    parameters:
        scale real = 1.5

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
        report(V_m)
        V_m = clamp_voltage(V_m)

    function alpha_m(V_m mV) 1/ms:
        return 0.1 / ms * (V_m / mV + 40) / (1 - exp(-(V_m / mV + 40) / 10))

    function beta_m(V_m mV) 1/ms:
        return 4 / ms * exp(-(V_m / mV + 65) / 18)

    function m_inf(V_m mV) real:
        return alpha_m(V_m) / (alpha_m(V_m) + beta_m(V_m))

    function clamp_voltage(v mV) mV:
        if v > 0 mV:
            return 0 mV
        return v

    function report(v mV):
        if v < -90 mV:
            return
        println("V_m = {v}")

    function no_params() real:
        return scale * 2
''')

add('if_elif_else', 'if / elif / elif / else, nested ifs, if without else.', '''
model if_neuron:
    state:
        x real = 0
        mode integer = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        if x > 10:
            x = 0
        elif x > 5:
            x += 2
        elif x > 2:
            x += 1
            if mode == 1:
                mode = 0
            else:
                mode = 1
        else:
            x += 0.5
        if mode == 2:
            mode = 0
''')

add('for_loops', '''for loops: integer and real loop variables (declared before), positive,
negative and fractional steps, bounds given by expressions, nesting.''', '''
model for_neuron:
    parameters:
        n integer = 5

    state:
        acc real = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        i integer = 0
        j integer = 0
        x real = 0
        for i in 0 ... n step 1:
            acc += i
        for i in 10 ... 0 step -2:
            acc -= i
        for x in 0.0 ... 1.0 step 0.25:
            acc += x
        for i in 0 ... 3 step 1:
            for j in n - 1 ... 0 step -1:
                acc += i * j
''')

add('while_loop', 'while loops, including one with a compound condition.', '''
model while_neuron:
    state:
        x real = 100

    input:
        spikes <- spike

    output:
        spike

    update:
        k integer = 0
        while x > 1:
            x /= 2
        while k < 10 and x < 50:
            k += 1
            x += 3
''')

add('assignments', '''All assignment operators on state variables, derivative names, vector
elements and locals.''', '''
model assignments_neuron:
    state:
        V_m mV = -70 mV
        g nS = 0 nS
        g' nS/ms = 0 nS/ms
        v[2] real = 0

    equations:
        g'' = -g' / tau - g / tau**2

    parameters:
        tau ms = 2 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
        y real = 2
        V_m = -60 mV
        V_m += 1 mV
        V_m -= 0.5 mV
        V_m *= 1.01
        V_m /= 1.01
        g' += 1 nS / ms
        v[1] = y
        v[0] += v[1]
        y *= 3
''')

add('local_declarations', '''Local declarations anywhere in a body, with units, several names, and a local
shadowing a state variable (accepted by the reference).''', '''
model locals_neuron:
    state:
        V_m mV = -70 mV
        t_last ms = 0 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        dt ms = t - t_last
        V_m_old mV = V_m
        a, b real = 1.5
        if dt > 1 ms:
            V_m mV = V_m_old + 1 mV
            t_last = t
        A_exc uS = (a * b * uS**2)**.5
''')

add('ternary', 'Ternary conditional expressions, nested in arithmetic and with mixed integer/real branches.', '''
model ternary_synapse:
    state:
        w real = 1

    parameters:
        tau_fac ms = 0 ms

    input:
        pre_spikes <- spike

    output:
        spike

    onReceive(pre_spikes):
        dt ms = 1 ms
        f real = tau_fac == 0 ms ? 0 : exp(-dt / tau_fac)
        w = w > 1 ? 1 : w + f
        emit_spike(w)
''', ast=['((w > 1) ? 1 : (w + f))'])

add('synapse_stdp_like', 'A complete STDP-like synapse model (pre and post traces, weight bounds).', '''
model my_stdp_synapse:
    state:
        w real = 1 [[w >= 0]]
        pre_trace real = 0
        post_trace real = 0

    parameters:
        lambda real = 0.01 @homogeneous
        alpha real = 1 @homogeneous
        tau_tr_pre ms = 20 ms @homogeneous
        tau_tr_post ms = 20 ms @homogeneous
        mu_plus real = 1 @homogeneous
        mu_minus real = 1 @homogeneous
        Wmax real = 100 [[Wmax >= 0]] @homogeneous
        Wmin real = 0 [[Wmin >= 0]] @homogeneous

    equations:
        pre_trace' = -pre_trace / tau_tr_pre
        post_trace' = -post_trace / tau_tr_post

    input:
        pre_spikes <- spike
        post_spikes <- spike

    output:
        spike

    onReceive(post_spikes):
        post_trace += 1
        w_ real = Wmax * (w / Wmax + (lambda * (1 - (w / Wmax))**mu_plus * pre_trace))
        w = min(Wmax, w_)

    onReceive(pre_spikes):
        pre_trace += 1
        w_ real = Wmax * (w / Wmax - (alpha * lambda * (w / Wmax)**mu_minus * post_trace))
        w = max(Wmin, w_)
        emit_spike(w)

    update:
        integrate_odes()
''')

# ---------------------------------------------------------------- predefined
add('predefined_functions', 'Every predefined function, each used where it is allowed.', '''
model predefined_functions_neuron:
    state:
        V_m mV = -70 mV
        x real = 0.5
        n integer = 0

    equations:
        V_m' = -(V_m - clip(V_m, -80 mV, 0 mV)) / tau + abs(V_m) / tau * 0

    parameters:
        tau ms = 10 ms

    internals:
        h ms = §resolution()
        n_steps integer = §steps(10 ms)

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes(V_m)
        x = exp(x) + ln(2.0) + log10(10.0) + expm1(0.1)
        x = sin(x) + cos(x) + tan(x) + sinh(x) + cosh(x) + tanh(x)
        x = erf(x) + erfc(x) + pow(x, 2.0)
        x = ceil(x) + floor(x) + round(x) + abs(x)
        x = min(x, 1.0) + max(x, 0.0) + clip(x, 0.0, 1.0)
        V_m = V_m + random_normal(0 mV, 1 mV) * 0 + random_uniform(0 mV, 1 mV) * 0
        n = random_poisson(2.0)
        dt ms = timestep()
        print("x = {x}")
        println("h = {h}")
        info("info message")
        warning("warning message")
        if x > 100:
            emit_spike()
''', warnings=['resolution() assumes a fixed', 'steps() assumes a fixed'])

add('predefined_variables', 'Predefined variables t, e, pi and the keyword inf.', '''
model predefined_variables_neuron:
    state:
        t_last ms = 0 ms
        x real = e
        y real = pi
        big real = inf
        low mV = -inf * mV

    input:
        spikes <- spike

    output:
        spike

    update:
        t_last = t
        x = e * pi
        if x < inf:
            y = -inf
''')

add('literals', '''Every literal form: integers (leading zeros), floats (1.5 .5 5. 1e3 2.5E-4
1.e+2), booleans (true True false False), strings with escapes, inf, and numbers
directly followed by a unit (10mV).''', '''
model literals_neuron:
    state:
        i1 integer = 42
        i2 integer = 007
        f1 real = 1.5
        f2 real = .5
        f3 real = 5.
        f4 real = 1e3
        f5 real = 2.5E-4
        f6 real = 1.e+2
        f7 real = 3E2
        b1 boolean = true
        b2 boolean = True
        b3 boolean = false
        b4 boolean = False
        big real = inf
        u1 mV = 10mV
        u2 ms = 2.5ms
        u3 ms = 1e3 ms
        u4 pA = .5 pA

    input:
        spikes <- spike

    output:
        spike

    update:
        println("quote \\" backslash \\\\ tab \\t newline \\n")
''', ast=['10 mV', '2.5 ms'])

add('operators', 'All arithmetic, bitwise, comparison and logical operators, including <> and %.', '''
model operators_neuron:
    state:
        a integer = 12
        b integer = 5
        r integer = 0
        x real = 1.5
        c boolean = false

    input:
        spikes <- spike

    output:
        spike

    update:
        r = a + b - a * b / b % 3
        r = (a & b) | (a ^ b)
        r = (a << 2) >> 1
        r = ~a
        x = -x + +x
        x = x ** 2
        c = a < b or a <= b or a == b or a != b or a <> b or a >= b or a > b
        c = not c and true
''', ast=['((a << 2) >> 1)', '((-x) + (+x))', '((not c) and true)', '(~a)'])

# ---------------------------------------------------------------- lexical
add('line_continuation', '''Backslash line continuation, outside and inside parentheses, in an ODE, a
declaration and a statement.''', '''
model continuation_neuron:
    state:
        V_m mV = \\
            -70 mV

    equations:
        V_m' = -(V_m - E_L) / tau_m \\
               + I_e / C_m

    parameters:
        E_L mV = -70 mV
        tau_m ms = 10 ms
        C_m pF = 250 pF
        I_e pA = (100 pA + \\
                  50 pA)

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
        x real = 1 + \\
2 + 3
''', ast=['(((-(V_m - E_L)) / tau_m) + (I_e / C_m))', '(100 pA + 50 pA)', '((1 + 2) + 3)'])

add('semicolon_endings', 'Optional ; at the end of inline, ODE and kernel lines.', '''
model semicolon_neuron:
    state:
        V_m mV = 0 mV

    equations:
        kernel Kern = exp(-t / tau);
        inline I pA = convolve(Kern, spikes) * pA;
        V_m' = -V_m / tau + I / C_m;

    parameters:
        tau ms = 10 ms
        C_m pF = 250 pF

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
''')

add('comments_everywhere', '''Comments on their own line at any indentation, trailing comments after
headers, declarations, statements and block keywords, and a comment as the last
line of the file.''', '''
# Documentation comment of the model, directly above it.
model comments_neuron:   # trailing comment after the model header
    # comment at block level
            # comment indented deeper than anything
# comment at column 1 inside the model
    state:   # after a block header
        x real = 0   # after a declaration
        # between declarations

        y real = 1 # no space before this one

    input: # trailing
        spikes <- spike # trailing on a port

    output:
        spike # trailing on the output

    update:
        # first line of a body
        x = x + 1   # trailing after a statement
        if x > 3:   # after an if header
            # inside the if
            x = 0
        # after a dedent
  # at an odd indentation
    # between blocks
# last line''')

add('tabs_indentation', 'Indentation with tabs only (a tab advances to the next multiple of 8).', '''
model tabs_neuron:
\tstate:
\t\tx real = 0

\tinput:
\t\tspikes <- spike

\toutput:
\t\tspike

\tupdate:
\t\tif x < 3:
\t\t\tx += 1
\t\telse:
\t\t\tx = 0
''')

add('mixed_indent_widths', '''Depth per block is free: 2, 3, 4 and 8 spaces in different blocks, tab and
spaces where they give the same column.''', '''
model widths_neuron:
  state:
     x real = 0
     y real = 0

  input:
          spikes <- spike

  output:
   spike

  update:
      if x < 3:
        x += 1
      else:
              x = 0
''')

add('several_models', 'Several models in one file, separated by blank lines and comments.', '''
model first_neuron:
    state:
        x real = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        x += 1


# the second model
model second_neuron:
    state:
        y real = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        y -= 1
model third_synapse:
    state:
        w real = 1

    input:
        pre_spikes <- spike

    output:
        spike

    onReceive(pre_spikes):
        emit_spike(w)
''')

add('dollar_apostrophe_names', "Names with $ anywhere and state names with apostrophes (g_ahp').", '''
model names_neuron:
    state:
        g_ahp nS = 0 nS
        g_ahp' nS/ms = 0 nS/ms
        $lead real = 0
        mid$dle real = 0
        g_ex$ real = 1

    equations:
        g_ahp'' = -g_ahp' / tau - g_ahp / tau**2

    parameters:
        tau ms = 5 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
        $lead = mid$dle + g_ex$
        g_ahp' += 1 nS/ms
''')

add('crlf_line_endings', 'The whole file uses CRLF line endings.', '''
model crlf_neuron:
    state:
        x real = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        if x < 1:
            x += 1
''')

add('no_final_newline', 'The file ends right after the last statement, without a newline.', '''
model no_newline_neuron:
    state:
        x real = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        x += 1''')

add('deep_nesting_ok', 'Moderately deep nesting (50 parentheses, 20 nested ifs) must be accepted.', '''
model deep_ok_neuron:
    state:
        x real = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        x = ''' + '(' * 50 + '1' + ')' * 50 + '\n' + ''.join(
            '        ' + '    ' * i + 'if x < %d:\n' % (100 + i) for i in range(20)) +
            '        ' + '    ' * 20 + 'x += 1\n')

add('space_before_call_paren', 'Whitespace between a function name and its parenthesis (gotcha 10).', '''
model space_call_neuron:
    state:
        y real = 1

    input:
        spikes <- spike

    output:
        spike

    update:
        y = max (y, 2.0)
        print ("y= {y}\\n")
''')

# ---------------------------------------------------------------- units
add('unit_types', '''Physical unit types: SI prefixes, derived units, 1/unit, products, quotients,
negative, fractional and parenthesised-fraction exponents.''', '''
model unit_types_neuron:
    state:
        r1 1/ms = 1 / ms
        r2 1/(ms*mV) = 1 / (ms * mV)
        r3 nS/ms = 1 nS / ms
        r4 uS**2/ms = 1 uS**2 / ms
        r5 pF/mV/ms = 1 pF / mV / ms
        r6 mmol/pA = 1 mmol / pA
        r7 ms**-1 = 1 / ms
        r8 ns**0.5 = 1 ns**0.5
        r9 ms**-(1/2) = 1 / ms**0.5
        r10 mV*mV*nS**2/(mS*pA) = 1 mV * mV * nS**2 / (mS * pA)
        r11 GOhm = 1 GOhm
        r12 MOhm = 1 MOhm
        r13 Hz = 1 Hz
        r14 mmol = 1 mmol
        r15 (mV) = 1 mV
        r16 kg*m**2/s**3/A = 1 V

    input:
        spikes <- spike

    output:
        spike

    update:
        r1 = r7
''')

add('unit_expressions', '''Unit names as expression operands: V_m / mV, x * pA * s, -1e3 * ms/s,
s/nF, pA/(ms*mV), magnitude-free conversions between units of one dimension.''', '''
model unit_expr_neuron:
    state:
        V_m mV = -70 mV
        I pA = 0 pA
        g nS = 1 nS

    parameters:
        C_m nF = 0.25 nF

    input:
        spikes <- spike

    output:
        spike

    update:
        v real = V_m / mV
        q real = -1e3 * ms/s
        R GOhm = 1 s / C_m
        I = v * pA + g * V_m
        k pA/(ms*mV) = 2 pA/(ms*mV)
        I += k * 1 ms * V_m * q * 0
        I = spikes * pA * s
''', ast=['(V_m / mV)', '((spikes * pA) * s)'])

# ---------------------------------------------------------------- precedence (expect-ast)
def prec(name, desc, decls, stmts, asts):
    body = 'model %s_neuron:\n    state:\n' % name + ''.join('        %s\n' % d for d in decls) + \
        '\n    input:\n        spikes <- spike\n\n    output:\n        spike\n\n    update:\n' + \
        ''.join('        %s\n' % s for s in stmts)
    add('precedence_' + name, desc, body, ast=asts)

prec('and_or', '`and` and `or` are on one level, left-associative (unlike C and Python).',
     ['a boolean = true', 'b boolean = false', 'c boolean = true', 'r boolean = false'],
     ['r = a or b and c', 'r = a and b or c', 'r = a and (b or c)'],
     ['((a or b) and c)', '((a and b) or c)', '(a and (b or c))'])
prec('power', '`**` is right-associative and binds tighter than unary minus.',
     ['x real = 2', 'y real = 3', 'z real = 2', 'r real = 0'],
     ['r = x ** y ** z', 'r = -x ** 2', 'r = (-x) ** 2', 'r = -x ** -y'],
     ['(x ** (y ** z))', '(-(x ** 2))', '((-x) ** 2)', '(-(x ** (-y)))'])
prec('literal_with_unit', 'A number followed by a unit is one primary: 1 / 2 ms = 1 / (2 ms), 2 ms**2 = (2 ms)**2.',
     ['f 1/ms = 0 / ms', 'a ms**2 = 0 ms**2', 'q ns**0.5 = 0 ns**0.5'],
     ['f = 1 / 2 ms', 'a = 2 ms ** 2', 'q = 42 ns**0.5'],
     ['(1 / 2 ms)', '(2 ms ** 2)', '(42 ns ** 0.5)'])
prec('unary_minus_literal', '-70 mV - E_L is (-(70 mV)) - E_L; unary operators on variables.',
     ['E_L mV = -70 mV', 'v mV = 0 mV', 'i integer = 3', 'j integer = 0'],
     ['v = -70 mV - E_L', 'v = - -E_L', 'v = +E_L * 2', 'j = ~i + 1'],
     ['((-70 mV) - E_L)', '(-(-E_L))', '((+E_L) * 2)', '((~i) + 1)'])
prec('bit_operators', 'Bit operators form one level below + and - and above comparisons.',
     ['a integer = 6', 'b integer = 3', 'c integer = 1', 'r integer = 0', 'p boolean = false'],
     ['r = a + b & c', 'p = a & b == c', 'r = a << 1 + 2', 'r = a | b & c', 'r = a ^ b | c >> 1'],
     ['((a + b) & c)', '((a & b) == c)', '(a << (1 + 2))', '((a | b) & c)', '(((a ^ b) | c) >> 1)'])
prec('not_comparison', '`not` binds looser than comparisons and tighter than and/or.',
     ['a real = 1', 'b real = 2', 'p boolean = true', 'q boolean = false', 'r boolean = false'],
     ['r = not a < b', 'r = not p and q', 'r = not p or not q'],
     ['(not (a < b))', '((not p) and q)', '((not p) or (not q))'])
prec('ternary', 'The ternary operator has the lowest precedence.',
     ['a real = 1', 'b real = 2', 'p boolean = true', 'q boolean = false', 'r real = 0'],
     ['r = p ? a : b + 1', 'r = p or q ? a * 2 : b', 'r = (p ? a : b) * 2'],
     ['(p ? a : (b + 1))', '((p or q) ? (a * 2) : b)', '((p ? a : b) * 2)'])
prec('arithmetic', '* / % are left-associative above + -; parentheses override.',
     ['a real = 1', 'b real = 2', 'c real = 3', 'd real = 4', 'r real = 0', 'i integer = 7', 'k integer = 0'],
     ['r = a * b / c', 'r = a - b - c', 'r = a + b * c', 'r = (a + b) * c', 'k = i % 4 * 2', 'r = a / b / c / d'],
     ['((a * b) / c)', '((a - b) - c)', '(a + (b * c))', '((a + b) * c)', '((i % 4) * 2)', '(((a / b) / c) / d)'])
prec('comparisons', 'Comparisons are above not and below bit operators; calls render f(a, b).',
     ['a real = 1', 'b real = 2', 'r boolean = false'],
     ['r = a + 1 < b * 2', 'r = max(a, b + 1) >= a', 'r = a == b and a != b'],
     ['((a + 1) < (b * 2))', '(max(a, (b + 1)) >= a)', '((a == b) and (a != b))'])

# ---------------------------------------------------------------- gotchas (NESTML.md section 10)
add('gotcha01_precedence_mix', '''Gotcha 1 in one expression: and/or same level, bit ops between +- and
comparisons, ** over unary minus, literal with unit as a primary.''', '''
model gotcha01_neuron:
    state:
        a integer = 1
        b integer = 2
        p boolean = true
        q boolean = false
        r boolean = false
        y real = 2
        f 1/ms = 0 / ms

    input:
        spikes <- spike

    output:
        spike

    update:
        r = p or q and a + b & 3 == -y ** 2
        f = 1 / 2 ms
''', ast=['((p or q) and (((a + b) & 3) == (-(y ** 2))))', '(1 / 2 ms)'])

add('gotcha02_joining', '''Gotcha 2: no implicit joining inside parentheses; only backslash continuation
(also inside parentheses) and the kernel comma-newline.''', '''
model gotcha02_neuron:
    state:
        V_m mV = 0 mV
        g real = 0
        g$ 1/ms = e / tau

    equations:
        kernel g' = g$ - g / tau,
            g$' = -g$ / tau
        V_m' = (-V_m / tau + \\
                convolve(g, spikes) * mV / ms)

    parameters:
        tau ms = 2 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
''')

add('gotcha03_names', "Gotcha 3: $ in names, apostrophes in state names.", '''
model gotcha03_neuron:
    state:
        g_ex$ real = 1
        I_syn pA = 0 pA
        I_syn' pA/ms = 0 pA/ms

    equations:
        I_syn'' = -I_syn' / tau - I_syn / tau**2

    parameters:
        tau ms = 1 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
        I_syn' += g_ex$ * pA / ms
''', ast=['((g_ex$ * pA) / ms)'])

add('gotcha04_declarations', '''Gotcha 4: multi-name declarations, trailing ; on equations, trailing
comments, comment-only lines at any indentation.''', '''
model gotcha04_neuron:
    state:
        IKNa_D, IT_m, IT_h, Ih_m nS = 0.0 nS   # four at once
      # odd indentation comment
        x real = 0

    equations:
        x' = -x / tau;   # with ;
            # deeper comment

    parameters:
        tau ms = 1 ms

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
        IT_m = IKNa_D + IT_h + Ih_m
''')

add('gotcha05_unit_operands', 'Gotcha 5: unit names as operands: ms/s, s/nF, pA/(ms*mV).', '''
model gotcha05_neuron:
    state:
        r real = 0
        R GOhm = 0 GOhm
        k pA/(ms*mV) = 0 pA/(ms*mV)

    input:
        spikes <- spike

    output:
        spike

    update:
        r = -1e3 * ms/s
        r = 2 * ms/s
        R = s/nF
        k = 3 * pA/(ms*mV)
''', ast=['((2 * ms) / s)', '(s / nF)', '((3 * pA) / (ms * mV))'])

add('gotcha06_integer_division', '''Gotcha 6: division of two integer variables (ignore_and_fire style); the
front end accepts it; its arithmetic is documented in docs/nestmlc.md.''', '''
model gotcha06_neuron:
    parameters:
        firing_period_steps integer = 7

    state:
        phase_steps integer = 20
        ratio integer = 0
        fraction real = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        ratio = phase_steps / firing_period_steps
        fraction = phase_steps / 2
''', ast=['(phase_steps / firing_period_steps)', '(phase_steps / 2)'])

add('gotcha07_modulo', 'Gotcha 7: % on integers.', '''
model gotcha07_neuron:
    state:
        i integer = 17
        r integer = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        r = i % 5
        r = (i + 3) % (r + 1)
''', ast=['(i % 5)', '((i + 3) % (r + 1))'])

add('gotcha08_ternary_mixed', 'Gotcha 8: ternary with an integer branch and a real branch (tsodyks style).', '''
model gotcha08_synapse:
    state:
        w real = 1
        u real = 0.5

    parameters:
        tau_fac ms = 0 ms

    input:
        pre_spikes <- spike

    output:
        spike

    onReceive(pre_spikes):
        dt ms = 1 ms
        u = tau_fac == 0 ms ? 0 : exp(-dt / tau_fac)
        emit_spike(w * u)
''', ast=['((tau_fac == 0 ms) ? 0 : exp(((-dt) / tau_fac)))'])

add('gotcha09_inf_unit', 'Gotcha 9: -inf * mV (izhikevich style).', '''
model gotcha09_neuron:
    state:
        V_min mV = -inf * mV
        V_m mV = -70 mV

    input:
        spikes <- spike

    output:
        spike

    update:
        V_m = max(V_m, V_min)
        V_min = -inf * mV
''', ast=['((-inf) * mV)'])

add('gotcha10_print_space', 'Gotcha 10: space before the call parenthesis and escapes in strings.', '''
model gotcha10_neuron:
    state:
        y real = 1

    input:
        spikes <- spike

    output:
        spike

    update:
        print ("y= {y}\\n")
        println ("tab\\tquote\\"")
''')

# ---------------------------------------------------------------- warnings in accepted files
add('warn_implicit_real_to_unit', '''A plain real where a voltage is expected is accepted with an implicit
conversion warning (library idiom (V_m + 65.)); the warning points at the converted operand.''', '''
model warn_real_unit_neuron:
    state:
        V_m mV = -70 mV
        x real = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        x = (V_m + §65.) / mV
''', warnings=['implicit conversion'])

add('warn_implicit_comparison_integer', '''refr_t <= 0 compares ms with an integer: accepted with an implicit
conversion warning at the integer operand.''', '''
model warn_cmp_neuron:
    state:
        refr_t ms = 0 ms
        x real = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        if refr_t <= §0:
            x += 1
''', warnings=['implicit conversion'])

add('warn_implicit_magnitude', '''Assigning volts to a millivolt variable converts the magnitude with a
warning at the converted expression.''', '''
model warn_magnitude_neuron:
    state:
        V_m mV = -70 mV

    input:
        spikes <- spike

    output:
        spike

    update:
        V_m = §1 V
''', warnings=['implicit conversion'])

add('warn_unit_named_variable', 'A variable named like a unit shadows the unit (warning at the declaration).', '''
model warn_unit_name_neuron:
    parameters:
        §pA real = 3

    state:
        x real = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        x = pA
''', warnings=['shadows the unit'])

add('warn_no_input_block', 'A model without input block is accepted with a warning at the model keyword.', '''
§model warn_no_input_neuron:
    state:
        x real = 0

    output:
        spike

    update:
        x += 1
''', warnings=['no input block'])

add('warn_no_output_block', 'A model without output block is accepted with a warning at the model keyword.', '''
§model warn_no_output_neuron:
    state:
        x real = 0

    input:
        spikes <- spike

    update:
        x += 1
''', warnings=['no output block'])


# ---------------------------------------------------------------- library-style constructs
add('izhikevich_style', '''Unit stripping and re-attaching idioms (V_m * V_m / mV, (140 - U_m / mV) * mV),
-inf * mV threshold defaults and a reset in onCondition (izhikevich style).''', '''
model izh_style_neuron:
    state:
        V_m mV = -65 mV
        U_m real = 0

    equations:
        V_m' = (0.04 * V_m * V_m / mV + 5.0 * V_m + (140 - U_m) * mV + (I_e + I_stim) * GOhm) / ms
        U_m' = a * (b * V_m / mV - U_m) / ms

    parameters:
        a real = 0.02
        b real = 0.2
        c mV = -65 mV
        d real = 8.0
        I_e pA = 0 pA
        V_th mV = 30 mV
        V_min mV = -inf * mV

    input:
        spikes <- spike
        I_stim pA <- continuous

    output:
        spike

    update:
        integrate_odes()
        V_m = max(V_m, V_min)

    onReceive(spikes):
        V_m += spikes * mV * s

    onCondition(V_m >= V_th):
        V_m = c
        U_m += d
        emit_spike()
''')

add('hodgkin_huxley_style', '''Gating variables with rate functions returning 1/ms, powers of gating
variables, inline currents and a spike detected on an upward crossing.''', '''
model hh_style_neuron:
    state:
        V_m mV = -65 mV
        V_m_old mV = -65 mV
        Act_m real = 0.05
        Inact_h real = 0.6
        Act_n real = 0.32

    equations:
        inline I_Na pA = g_Na * Act_m**3 * Inact_h * (V_m - E_Na)
        inline I_K pA = g_K * Act_n**4 * (V_m - E_K)
        inline I_L pA = g_L * (V_m - E_L)
        V_m' = (-(I_Na + I_K + I_L) + I_e + I_stim) / C_m
        Act_m' = alpha_m(V_m) * (1 - Act_m) - beta_m(V_m) * Act_m
        Inact_h' = alpha_h(V_m) * (1 - Inact_h) - beta_h(V_m) * Inact_h
        Act_n' = alpha_n(V_m) * (1 - Act_n) - beta_n(V_m) * Act_n

    parameters:
        C_m pF = 100 pF
        g_Na nS = 12000 nS
        g_K nS = 3600 nS
        g_L nS = 30 nS
        E_Na mV = 50 mV
        E_K mV = -77 mV
        E_L mV = -54.4 mV
        I_e pA = 0 pA

    input:
        spikes <- spike
        I_stim pA <- continuous

    output:
        spike

    update:
        V_m_old = V_m
        integrate_odes()

    onCondition(V_m > 0 mV and V_m_old <= 0 mV):
        emit_spike()

    function alpha_m(V_m mV) 1/ms:
        return 0.1 / ms * (V_m / mV + 40) / (1 - exp(-(V_m / mV + 40) / 10))

    function beta_m(V_m mV) 1/ms:
        return 4 / ms * exp(-(V_m / mV + 65) / 18)

    function alpha_h(V_m mV) 1/ms:
        return 0.07 / ms * exp(-(V_m / mV + 65) / 20)

    function beta_h(V_m mV) 1/ms:
        return 1 / ms / (1 + exp(-(V_m / mV + 35) / 10))

    function alpha_n(V_m mV) 1/ms:
        return 0.01 / ms * (V_m / mV + 55) / (1 - exp(-(V_m / mV + 55) / 10))

    function beta_n(V_m mV) 1/ms:
        return 0.125 / ms * exp(-(V_m / mV + 65) / 80)
''')

add('internals_read_state', '''An internals initialiser that reads a state variable (wb_cond_multisyn
style) and internals computed from resolution() (mat2 style).''', '''
model internals_state_neuron:
    state:
        V_m mV = -65 mV
        V_th mV = -50 mV

    parameters:
        tau_1 ms = 10 ms
        alpha_1 mV = 37 mV

    internals:
        h ms = §resolution()
        P11th real = exp(-h / tau_1)
        V_start mV = V_m
        jump mV = alpha_1 * (1 - P11th)

    input:
        spikes <- spike

    output:
        spike

    update:
        V_th = V_th * P11th + jump
        if V_m >= V_th:
            V_th += alpha_1
            emit_spike()
''', warnings=['resolution() assumes a fixed'])

add('resolution_in_oncondition', 'resolution() inside an onCondition body (iaf_chxk_2008 style), t in handlers.', '''
model resolution_cond_neuron:
    state:
        V_m mV = -70 mV
        t_spike ms = -1 ms

    equations:
        V_m' = -(V_m + 70 mV) / tau + I_e / C_m

    parameters:
        tau ms = 10 ms
        C_m pF = 250 pF
        I_e pA = 400 pA

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()

    onCondition(V_m >= -55 mV):
        t_spike = t - §resolution() / 2
        V_m = -70 mV
        emit_spike()
''', warnings=['resolution() assumes a fixed'])

add('synapse_weight_unit_third_factor', '''A synapse whose weight has a unit (nS, stdp_triplet style), a continuous
third-factor input port, random numbers in a handler and timestep() in update.''', '''
model third_factor_synapse:
    state:
        w nS = 1 nS
        trace real = 0
        elapsed ms = 0 ms

    parameters:
        tau ms = 20 ms
        eta real = 0.01
        Wmax nS = 100 nS
        noise nS = 0.01 nS

    equations:
        trace' = -trace / tau

    input:
        pre_spikes <- spike
        I_post_dend pA <- continuous

    output:
        spike

    update:
        integrate_odes()
        elapsed += timestep()

    onReceive(pre_spikes):
        trace += 1
        w = clip(w + eta * trace * I_post_dend / pA * nS + random_normal(0 nS, noise), 0 nS, Wmax)
        emit_spike(w / nS)
''')

add('tsodyks_style', '''Short-term plasticity computed in the handler from the time since the last
spike (tsodyks style): locals with units, exp of ratios, state holding a time.''', '''
model tsodyks_style_synapse:
    state:
        w real = 1
        x real = 1
        y real = 0
        u real = 0.5
        t_lastspike ms = -1 ms

    parameters:
        tau_psc ms = 3 ms
        tau_rec ms = 800 ms
        tau_fac ms = 0 ms
        U real = 0.5

    input:
        pre_spikes <- spike

    output:
        spike

    onReceive(pre_spikes):
        t_spike ms = t
        h ms = t_spike - t_lastspike
        Puu real = tau_fac == 0 ms ? 0 : exp(-h / tau_fac)
        Pyy real = exp(-h / tau_psc)
        Pzz real = exp(-h / tau_rec)
        Pxy real = ((Pzz - 1) * tau_rec - (Pyy - 1) * tau_psc) / (tau_psc - tau_rec)
        Pxz real = 1 - Pzz
        z real = 1 - x - y
        u *= Puu
        x += Pxy * y + Pxz * z
        y *= Pyy
        u += U * (1 - u)
        delta_y_tsp real = u * x
        x -= delta_y_tsp
        y += delta_y_tsp
        t_lastspike = t_spike
        emit_spike(w * delta_y_tsp)
''')

add('boolean_state_flags', 'Boolean state variables, not, and boolean literals in conditions.', '''
model flags_neuron:
    state:
        active boolean = true
        seen boolean = False
        n integer = 0

    input:
        spikes <- spike

    output:
        spike

    update:
        if not active:
            active = n > 3
        elif active and not seen:
            seen = True
        n += 1

    onReceive(spikes):
        active = false
''')

add('noise_in_update', 'Noise from random_normal and random_uniform added in update (noisy neuron style).', '''
model noisy_neuron:
    state:
        V_m mV = -70 mV

    equations:
        V_m' = -(V_m + 70 mV) / tau

    parameters:
        tau ms = 10 ms
        sigma mV = 1 mV
        p_drop real = 0.1

    input:
        spikes <- spike

    output:
        spike

    update:
        integrate_odes()
        V_m += random_normal(0 mV, sigma)
        if random_uniform(0, 1) < p_drop:
            V_m = -70 mV
''')


add('bq_firing_rate', '''A rate in Bq, steps() of a time computed from it, a state initialised from an
internal, integer arithmetic on step counts (ignore_and_fire style).''', '''
model fixed_rate_neuron:
    state:
        phase real = 1.
        phase_steps integer = period_steps / 2

    parameters:
        firing_rate Bq = 10. Bq

    internals:
        period_steps integer = §steps(1. / firing_rate)

    input:
        spikes <- spike

    output:
        spike

    update:
        if phase_steps >= period_steps - 1:
            emit_spike()
            phase_steps = 0
        else:
            phase_steps += 1
        phase = phase_steps / period_steps
''', warnings=['steps() assumes a fixed'])

add('synapse_timestep_update', '''A synapse with pre, post and modulatory ports whose update block advances
state with timestep(), expm1 and a backslash continuation (neuromodulated STDP
style), and an internal of type 1/ms.''', '''
model modulated_synapse:
    state:
        w real = 1.
        n real = 0.
        c real = 0.
        pre_tr real = 0.
        post_tr real = 0.

    parameters:
        tau_tr_pre ms = 20 ms
        tau_tr_post ms = 20 ms
        tau_c ms = 1000 ms
        tau_n ms = 200 ms
        b real = 0.
        A_plus real = 1.
        A_minus real = 1.5

    equations:
        pre_tr' = -pre_tr / tau_tr_pre
        post_tr' = -post_tr / tau_tr_post

    internals:
        tau_s 1/ms = (tau_c + tau_n) / (tau_c * tau_n)

    input:
        pre_spikes <- spike
        post_spikes <- spike
        mod_spikes <- spike

    output:
        spike

    onReceive(mod_spikes):
        n += 1. / tau_n * ms

    onReceive(post_spikes):
        post_tr += 1.
        c += A_plus * pre_tr

    onReceive(pre_spikes):
        pre_tr += 1.
        c -= A_minus * post_tr
        emit_spike(w)

    update:
        w -= c * (n / (tau_s * ms) * expm1(-tau_s * timestep()) \\
                 - b * tau_c / ms * expm1(-timestep() / tau_c))
        c = c * exp(-timestep() / tau_c)
        n = n * exp(-timestep() / tau_n)
        integrate_odes(pre_tr, post_tr)
''')

add('conductance_beta_kernels', '''Beta-shaped conductance kernels as coupled kernel ODEs on real-typed state with
$-names initialised from a user function in internals, a ternary inline on a
parenthesised boolean state, a fractional power of a dimensionless ratio, and
integrate_odes with many arguments (hill_tononi style).''', '''
model beta_kernels_neuron:
    state:
        V_m mV = (g_NaL * E_Na + g_KL * E_K) / (g_NaL + g_KL)
        Theta mV = Theta_eq
        D nS = 0.0 nS
        g_spike boolean = false
        refr_t ms = 0 ms
        g_A real = 0
        g_A$ 1/ms = A_init / ms

    equations:
        kernel g_A' = g_A$ - g_A / tau_2,
               g_A$' = -g_A$ / tau_1
        inline I_syn pA = -unit_g * convolve(g_A, AMPA) * (V_m - E_rev)
        inline m_inf_KNa real = 1.0 / (1.0 + (0.25 / (D / nS + 0.01))**3.5)
        inline I_KNa pA = -g_KNa * m_inf_KNa * (V_m - E_K)
        inline I_spike mV = (g_spike) ? -(V_m - E_K) / tau_spike * ms : 0 mV
        V_m' = ((-g_NaL * (V_m - E_Na) - g_KL * (V_m - E_K) + I_syn + I_KNa) / tau_m + I_spike * pA / (ms * mV)) * s / nF
        Theta' = -(Theta - Theta_eq) / tau_theta
        D' = (0.025 * nS / (1.0 + exp(-(V_m + 10 mV) / 5 mV)) - D / 1250.0) / ms
        refr_t' = -1e3 * ms/s

    parameters:
        E_Na mV = 30.0 mV
        E_K mV = -90.0 mV
        E_rev mV = 0.0 mV
        g_NaL nS = 0.2 nS
        g_KL nS = 1.0 nS
        g_KNa nS = 1.0 nS
        tau_m ms = 16.0 ms
        Theta_eq mV = -51.0 mV
        tau_theta ms = 2.0 ms
        tau_spike ms = 1.75 ms
        t_spike ms = 2.0 ms
        tau_1 ms = 0.5 ms
        tau_2 ms = 2.4 ms
        g_peak nS = 0.1 nS

    internals:
        A_init real = synapse_constant(tau_1, tau_2, g_peak)
        unit_g nS = 1 nS

    input:
        AMPA <- spike

    output:
        spike

    update:
        if refr_t > 0 ms:
            integrate_odes(refr_t)
        else:
            integrate_odes(V_m, Theta, D)

    onCondition(refr_t <= 0 ms):
        g_spike = false

    onCondition(not g_spike and V_m >= Theta):
        V_m = E_Na
        Theta = E_Na
        g_spike = true
        refr_t = t_spike
        emit_spike()

    function synapse_constant(tau_a ms, tau_b ms, peak nS) real:
        adjust real = ((1 / tau_b) - (1 / tau_a)) * ms
        t_peak real = (tau_b * tau_a) * ln(tau_b / tau_a) / (tau_b - tau_a) / ms
        norm real = 1 / (exp(-t_peak * ms / tau_a) - exp(-t_peak * ms / tau_b))
        return peak / nS * norm * adjust
''')


add('declaration_extras', '''The optional recordable keyword on state declarations (single and multi-name)
and an explicit void return type.''', '''
model decl_extras_neuron:
    state:
        recordable V_abs mV = -70 mV
        recordable n_events, n_resets integer = 0

    parameters:
        limit mV = 0 mV

    input:
        spikes <- spike

    output:
        spike

    update:
        log_value(V_abs / mV)
        if V_abs > limit:
            V_abs = -70 mV
            n_resets += 1

    onReceive(spikes):
        n_events += 1

    function log_value(x real) void:
        println("x = {x}")
''')

add('kernel_beta_real_helper', '''Coupled beta kernels whose state and $-helper are both declared real, the
form the public library uses (traub_cond_multisyn, iaf_cond_beta style): the
kernel type rule accepts plain real for the 1/ms helper; mixing real and 1/ms
in the first equation is an implicit conversion.''', """
model beta_real_helper_neuron:
    state:
        V_m mV = -65 mV
        g_ex real = 0
        g_ex$ real = g_norm * (1 / tau_rise - 1 / tau_decay) * ms
        g_in real = 0
        g_in$ real = 1

    equations:
        kernel g_ex' = §g_ex$ - g_ex / tau_rise,
               g_ex$' = -g_ex$ / tau_decay
        kernel g_in' = §g_in$ - g_in / tau_rise,
               g_in$' = -g_in$ / tau_decay
        inline I_syn pA = convolve(g_ex, exc_spikes) * nS * (V_m - E_ex) + convolve(g_in, inh_spikes) * nS * (V_m - E_in)
        V_m' = -(V_m + 65 mV) / tau_m - I_syn / C_m

    parameters:
        tau_rise ms = 0.5 ms
        tau_decay ms = 2.4 ms
        tau_m ms = 10 ms
        C_m pF = 250 pF
        E_ex mV = 0 mV
        E_in mV = -85 mV

    internals:
        g_norm real = 1 / (exp(-1.2) - exp(-0.3))

    input:
        exc_spikes <- spike
        inh_spikes <- spike

    output:
        spike

    update:
        integrate_odes()
""", warnings=['implicit conversion', 'implicit conversion'])

add('handlers_only', '''A model with no state, equations or update block: only ports, an output and
a spike handler (parrot_neuron style).''', """
model relay_neuron:
    input:
        relayed <- spike        # spikes repeated on the output
        ignored <- spike        # spikes that are received and dropped

    output:
        spike

    onReceive(relayed):
        emit_spike()
""")

add('kernel_declared_unused', '''A kernel declared in the equations block but never convolved, next to
an ODE, a step counter and a spike port used directly in a handler
(iaf_psc_delta_fixed_timestep style).''', """
model unused_kernel_neuron:
    state:
        V_m mV = -70 mV
        counter integer = 0

    equations:
        kernel K_delta = delta(t)
        V_m' = -(V_m + 70 mV) / tau_m

    parameters:
        tau_m ms = 10 ms
        dead_time ms = 2 ms

    internals:
        dead_steps integer = §steps(dead_time)

    input:
        spikes <- spike

    output:
        spike

    onReceive(spikes):
        if counter == 0:
            V_m += spikes * mV * s

    update:
        if counter > 0:
            counter -= 1
        else:
            integrate_odes()

    onCondition(V_m >= -55 mV):
        V_m = -70 mV
        counter = dead_steps
        emit_spike()
""", warnings=['assumes a fixed'])

if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    for name, (desc, ast, warns, body) in FILES.items():
        text = render(desc, ast, warns, body)
        if name != 'no_final_newline' and not text.endswith('\n'):
            text += '\n'
        if name == 'comments_everywhere':
            text = text.rstrip('\n')
        data = text.encode()
        if name == 'crlf_line_endings':
            data = data.replace(b'\n', b'\r\n')
        with open(os.path.join(OUT, name + '.nestml'), 'wb') as f:
            f.write(data)
    print(len(FILES), 'accept files')
