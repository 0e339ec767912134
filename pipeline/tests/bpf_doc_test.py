#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Host-side test of the scripts/bpf_doc.py patch ("carry every variant of
# overloaded helpers in bpf_helper_defs.h"). Runs the baseline and the patched
# script on the kernel's UAPI bpf.h and on mutated copies of it.
#
#   python3 pipeline/tests/bpf_doc_test.py --baseline <tree> --patched <tree> \
#           [--rst2man <command>]
#
# Both trees hold scripts/bpf_doc.py and include/uapi/linux/bpf.h. Prints one
# "PASS <case>" or "FAIL <case>: <reason>" line per case, then "N passed,
# N failed"; exits 1 if any case failed. Stdlib only.

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HELPERS_DOC_START = 'Start of BPF helper function descriptions:'
# Same prototype syntax as HeaderParser.parse_proto(), with the name captured.
PROTO_RE = re.compile(r' \* ?((.+) \**(\w+)\(((((const )?(struct )?(\w+|\.\.\.)( \**\w+)?)(, )?){1,5})\))$')
HEADING_RE = re.compile(r' \* ?(?:\t| {5,8})(Description|Return|Attributes)$')
CONTENT_RE = re.compile(r' \* ?(?:\t| {5,8})(?:\t| {8})(.*)$')
BLOCK_RE = re.compile(r'^/\*\n \* (\w+)\n(.*?)^ \*/\n(static [^\n]*;)\n', re.M | re.S)
STATIC_RE = re.compile(r'\(\* const (\w+)\)\((.*)\) = \(void \*\) (\d+);$')
VARIANT_RE = re.compile(r'^ \* Variant for (.+):$')

results = []


def case(name, reason=None):
    results.append((name, reason))
    if reason is None:
        print('PASS %s' % name)
    else:
        print('FAIL %s: %s' % (name, reason))
    sys.stdout.flush()


class CaseFailed(Exception):
    pass


def run_case(name, fn, *args):
    try:
        fn(*args)
    except CaseFailed as e:
        case(name, str(e))
    except Exception as e:  # a bug in the test or a broken tree: still a FAIL
        case(name, 'unexpected %s: %s' % (type(e).__name__, e))
    else:
        case(name)


def check(cond, reason):
    if not cond:
        raise CaseFailed(reason)


def short(text, n=300):
    text = text.strip().replace('\n', ' | ')
    return text if len(text) <= n else text[:n] + '...'


def bpf_h(tree):
    """The bpf.h the libbpf build feeds to bpf_doc.py, else the UAPI one."""
    tools = os.path.join(tree, 'tools/include/uapi/linux/bpf.h')
    if os.path.isfile(tools):
        return tools
    return os.path.join(tree, 'include/uapi/linux/bpf.h')


def run_doc(tree, bpfh, *args):
    cmd = [sys.executable, os.path.join(tree, 'scripts/bpf_doc.py')] + list(args)
    cmd += ['--filename', bpfh]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def gen_header(tree, bpfh):
    p = run_doc(tree, bpfh, '--header')
    check(p.returncode == 0, '%s --header failed (rc %d): %s' %
          (tree, p.returncode, short(p.stderr)))
    return p.stdout


def parse_doc(path):
    """Documented helper variants of bpf.h, in order: dicts with name, proto,
    first_arg and lines (content of Description and Return)."""
    with open(path) as f:
        lines = f.read().split('\n')
    start = next(i for i, l in enumerate(lines) if HELPERS_DOC_START in l)
    variants = []
    cur = None
    keep = False
    for line in lines[start + 1:]:
        if line.startswith(' */'):
            break
        m = PROTO_RE.match(line)
        if m:
            cur = {'name': m.group(3), 'proto': m.group(1),
                   'first_arg': m.group(4).split(', ')[0], 'lines': []}
            variants.append(cur)
            continue
        if cur is None:
            continue
        m = HEADING_RE.match(line)
        if m:
            keep = m.group(1) != 'Attributes'
            continue
        m = CONTENT_RE.match(line)
        if m and keep:
            cur['lines'].append(m.group(1))
    return variants


def overloaded_from_doc(variants):
    names = {}
    for v in variants:
        names.setdefault(v['name'], []).append(v)
    return {n: vs for n, vs in names.items() if len(vs) > 1}


def blocks(header):
    """name -> (comment lines, prototype line, whole block text)."""
    res = {}
    for m in BLOCK_RE.finditer(header):
        res[m.group(1)] = (m.group(2).split('\n')[:-1], m.group(3), m.group(0))
    return res


def mask_blocks(header, names):
    """The header with the blocks of the helpers in names replaced by a
    placeholder, so that the rest can be compared byte for byte."""
    def repl(m):
        return '<overloaded %s>\n' % m.group(1) if m.group(1) in names else m.group(0)
    return BLOCK_RE.sub(repl, header)


def split_variants(comment):
    """Split a header comment into (intro text, content lines) per variant."""
    res = []
    for line in comment:
        m = VARIANT_RE.match(line)
        if m:
            res.append((m.group(1), []))
        elif res:
            res[-1][1].append(line)
    return res


def content(lines):
    """Non-empty description/return text of header comment lines."""
    out = []
    for line in lines:
        if line in (' *', ' * Returns'):
            continue
        check(line.startswith(' * \t'), 'unexpected comment line %r' % line)
        out.append(line[len(' * \t'):])
    return out


###############################################################################
# Cases on the real bpf.h


def t_overloaded_set(ctx):
    names = sorted(ctx['overloaded'])
    for want in ('bpf_get_socket_cookie', 'bpf_sk_assign'):
        check(want in names, '%s is not documented more than once in bpf.h (overloaded: %s)'
              % (want, names))


def t_void_ctx(ctx):
    for name in sorted(ctx['overloaded']):
        check(name in ctx['pblocks'], 'no block for %s in the patched header' % name)
        m = STATIC_RE.search(ctx['pblocks'][name][1])
        check(m, 'cannot parse prototype %r' % ctx['pblocks'][name][1])
        check(m.group(2).startswith('void *ctx'),
              '%s prototype does not start with void *ctx: %r' % (name, ctx['pblocks'][name][1]))
        check(ctx['pblocks'][name][1] == ctx['bblocks'][name][1],
              '%s prototype changed: %r -> %r' % (name, ctx['bblocks'][name][1],
                                                 ctx['pblocks'][name][1]))


def t_all_variants(ctx, name):
    docs = ctx['overloaded'][name]
    check(name in ctx['pblocks'], 'no block for %s in the patched header' % name)
    got = split_variants(ctx['pblocks'][name][0])
    check(len(got) == len(docs), '%s: %d documented variants, header comment introduces %d'
          % (name, len(docs), len(got)))
    for i, (doc, (intro, lines)) in enumerate(zip(docs, got)):
        check(intro == doc['first_arg'],
              '%s variant %d introduced by %r, expected its first argument %r (bpf.h order)'
              % (name, i + 1, intro, doc['first_arg']))
        want = [l for l in doc['lines'] if l]
        have = content(lines)
        check(have == want, '%s variant %d (%s): description differs from bpf.h: first '
              'difference at line %r' % (name, i + 1, intro,
                                         next((h for h, w in zip(have + [None] * len(want), want)
                                               if h != w), None)))
    before = ctx['pblocks'][name][0]
    first = next(i for i, l in enumerate(before) if VARIANT_RE.match(l))
    check(all(l == ' *' for l in before[:first]),
          '%s: text before the first variant: %r' % (name, before[:first]))


def t_sk_assign(ctx):
    check('bpf_sk_assign' in ctx['pblocks'], 'no bpf_sk_assign block in the patched header')
    got = split_variants(ctx['pblocks']['bpf_sk_assign'][0])
    check(len(got) == 2, 'expected 2 variants of bpf_sk_assign, got %d' % len(got))
    (intro_tc, tc), (intro_skl, skl) = got
    check('struct sk_buff *' in intro_tc, 'first variant introduced by %r, not struct sk_buff *'
          % intro_tc)
    check('struct bpf_sk_lookup *' in intro_skl,
          'second variant introduced by %r, not struct bpf_sk_lookup *' % intro_skl)
    tc, skl = '\n'.join(tc), '\n'.join(skl)
    for word in ('BPF_PROG_TYPE_SCHED_CLS', 'TC ingress', '-ENETUNREACH'):
        check(word in tc, 'TC variant lacks %s' % word)
    for word in ('BPF_PROG_TYPE_SK_LOOKUP', 'BPF_SK_LOOKUP_F_REPLACE',
                 'BPF_SK_LOOKUP_F_NO_REUSEPORT', '-EEXIST', '-EAFNOSUPPORT',
                 '-EPROTOTYPE', '-ESOCKTNOSUPPORT'):
        check(word in skl, 'sk_lookup variant lacks %s' % word)


def t_others_identical(ctx):
    names = set(ctx['overloaded'])
    check(sorted(ctx['bblocks']) == sorted(ctx['pblocks']),
          'the helpers in the headers differ: %s' %
          sorted(set(ctx['bblocks']) ^ set(ctx['pblocks'])))
    b = mask_blocks(ctx['bhdr'], names)
    p = mask_blocks(ctx['phdr'], names)
    if b == p:
        return
    for name, blk in ctx['bblocks'].items():
        if name not in names and blk[2] != ctx['pblocks'][name][2]:
            raise CaseFailed('block of %s differs' % name)
    bl, pl = b.split('\n'), p.split('\n')
    i = next((i for i, (x, y) in enumerate(zip(bl, pl)) if x != y), min(len(bl), len(pl)))
    raise CaseFailed('outside the overloaded helpers, headers differ at line %d: %r vs %r'
                     % (i + 1, bl[i] if i < len(bl) else None, pl[i] if i < len(pl) else None))


def t_fwd(ctx):
    pre = ctx['phdr'][:ctx['phdr'].find('/*\n * ')]
    check('\nstruct bpf_sk_lookup;\n' in pre, 'struct bpf_sk_lookup; not forward-declared')


###############################################################################
# Cases on mutated copies of bpf.h


def helper_span(text, proto):
    """Offsets of the documentation block of the prototype proto: from its
    line to the next prototype line."""
    start = text.find(' * %s\n' % proto)
    if start < 0:
        raise CaseFailed('prototype %r not found in bpf.h' % proto)
    pos = start + len(proto) + 4
    for m in re.finditer(r'^.*$', text[pos:], re.M):
        if PROTO_RE.match(m.group(0)) or m.group(0).startswith(' */'):
            return start, pos + m.start()
    raise CaseFailed('end of block of %r not found' % proto)


def first_proto(ctx, name, n=0):
    return [v['proto'] for v in ctx['docs'] if v['name'] == name][n]


def mutated(ctx, fn):
    with open(ctx['pbpfh']) as f:
        text = f.read()
    new = fn(text)
    check(new != text, 'mutation did not change bpf.h')
    path = os.path.join(ctx['tmp'], 'mut-%d-bpf.h' % len(results))
    with open(path, 'w') as f:
        f.write(new)
    return path


def expect_error(ctx, path, message):
    p = run_doc(ctx['patched'], path, '--header')
    check(p.returncode != 0, 'exit status 0 (stderr: %s)' % short(p.stderr))
    check(message in p.stderr, 'stderr lacks %r: %s' % (message, short(p.stderr)))


def t_missing_enum(ctx):
    def mut(text):
        return re.sub(r'^\s*FN\(sk_assign, \d+, ##ctx\)\s*\\\n', '', text, count=1, flags=re.M)
    expect_error(ctx, mutated(ctx, mut), 'Helper bpf_sk_assign is missing from enum bpf_func_id')


def t_not_grouped(ctx):
    skl = first_proto(ctx, 'bpf_sk_assign', 1)

    def mut(text):
        # Move the second bpf_sk_assign description after the next helper.
        s, e = helper_span(text, skl)
        blk, text = text[s:e], text[:s] + text[e:]
        nxt = PROTO_RE.match(text[s:text.find('\n', s)]).group(1)
        s2, e2 = helper_span(text, nxt)
        return text[:e2] + blk + text[e2:]
    expect_error(ctx, mutated(ctx, mut),
                 'Helper bpf_sk_assign has multiple descriptions which are not grouped together')


def t_unknown_type(ctx):
    def mut(text):
        return text.replace(' * long bpf_sk_release(void *sock)\n',
                            ' * long bpf_sk_release(struct bpf_foo *sock)\n', 1)
    expect_error(ctx, mutated(ctx, mut),
                 "Unrecognized type 'struct bpf_foo', please add it to known types!")


def t_sk_lookup_known(ctx):
    def mut(text):
        return text.replace(' * long bpf_sk_release(void *sock)\n',
                            ' * long bpf_sk_release(struct bpf_sk_lookup *sock)\n', 1)
    p = run_doc(ctx['patched'], mutated(ctx, mut), '--header')
    check(p.returncode == 0, 'rc %d: %s' % (p.returncode, short(p.stderr)))
    check('(* const bpf_sk_release)(struct bpf_sk_lookup *sock)' in p.stdout,
          'struct bpf_sk_lookup * not printed as is in a prototype')


def t_derived(ctx):
    # A helper gains a second description: it becomes overloaded, with no
    # list to update in bpf_doc.py.
    def mut(text):
        s, e = helper_span(text, 'long bpf_sk_release(void *sock)')
        blk = text[s:e].replace('long bpf_sk_release(void *sock)',
                                'long bpf_sk_release(struct bpf_sk_lookup *ctx)', 1)
        return text[:e] + blk + text[e:]
    p = run_doc(ctx['patched'], mutated(ctx, mut), '--header')
    check(p.returncode == 0, 'rc %d: %s' % (p.returncode, short(p.stderr)))
    blk = blocks(p.stdout).get('bpf_sk_release')
    check(blk, 'no bpf_sk_release block')
    check('(* const bpf_sk_release)(void *ctx) ' in blk[1],
          'first argument not void *ctx: %r' % blk[1])
    intros = [i for i, _ in split_variants(blk[0])]
    check(intros == ['void *sock', 'struct bpf_sk_lookup *ctx'],
          'variants introduced by %r' % intros)


###############################################################################
# The libbpf build rule for bpf_helper_defs.h


def mini_tree(ctx, name, bpfh_text):
    """A copy of what tools/lib/bpf/Makefile needs to make bpf_helper_defs.h."""
    root = os.path.join(ctx['tmp'], name)
    src = ctx['patched']
    for d in ('tools/lib/bpf', 'tools/scripts', 'tools/build'):
        shutil.copytree(os.path.join(src, d), os.path.join(root, d), symlinks=True)
    os.makedirs(os.path.join(root, 'scripts'))
    shutil.copy2(os.path.join(src, 'scripts/bpf_doc.py'), os.path.join(root, 'scripts'))
    os.makedirs(os.path.join(root, 'tools/include/uapi/linux'))
    with open(os.path.join(root, 'tools/include/uapi/linux/bpf.h'), 'w') as f:
        f.write(bpfh_text)
    return root


def make_helper_defs(root, out):
    """Make bpf_helper_defs.h as the libbpf build does; emulate the rule if
    make is missing. Returns (rc, output)."""
    target = os.path.join(out, 'bpf_helper_defs.h')
    if shutil.which('make'):
        env = {k: v for k, v in os.environ.items()
               if k not in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'srctree', 'O', 'OUTPUT',
                            'building_out_of_srctree')}
        p = subprocess.run(['make', '-C', os.path.join(root, 'tools/lib/bpf'),
                            'OUTPUT=%s/' % out, target],
                           capture_output=True, text=True, env=env, timeout=300)
        return p.returncode, p.stdout + p.stderr
    with open(os.path.join(root, 'tools/lib/bpf/Makefile')) as f:
        mk = f.read()
    m = re.search(r'^\$\(BPF_HELPER_DEFS\):[^\n]*\n((?:\t[^\n]*\n)+)', mk, re.M)
    check(m, 'no $(BPF_HELPER_DEFS) rule in tools/lib/bpf/Makefile')
    recipe = m.group(1).replace('\\\n', ' ').replace('\t', ' ')
    for var, val in (('$(QUIET_GEN)', ''), ('$(Q)', ''), ('$(srctree)', root),
                     ('$(BPF_HELPER_DEFS)', target), ('$@', target)):
        recipe = recipe.replace(var, val)
    rc = 0
    for line in recipe.split('\n'):
        if line.strip():
            p = subprocess.run(['sh', '-c', line], capture_output=True, text=True)
            if p.returncode:
                rc = p.returncode
                break
    if rc and re.search(r'^\.DELETE_ON_ERROR:', mk, re.M) and os.path.exists(target):
        os.unlink(target)
    return rc, '(emulated) ' + p.stdout + p.stderr


def t_make_good(ctx):
    with open(ctx['pbpfh']) as f:
        root = mini_tree(ctx, 'mk-good', f.read())
    out = os.path.join(ctx['tmp'], 'mk-good-out')
    os.makedirs(out)
    rc, log = make_helper_defs(root, out)
    check(rc == 0, 'rule failed (rc %d): %s' % (rc, short(log)))
    with open(os.path.join(out, 'bpf_helper_defs.h')) as f:
        check(f.read() == ctx['phdr'], 'bpf_helper_defs.h differs from bpf_doc.py --header')


def t_make_broken(ctx):
    with open(ctx['pbpfh']) as f:
        good = f.read()
    # An unknown type is found while printing: part of the header is already
    # written to stdout when bpf_doc.py fails.
    bad = good.replace(' * long bpf_sk_release(void *sock)\n',
                       ' * long bpf_sk_release(struct bpf_foo *sock)\n', 1)
    check(bad != good, 'mutation did not change bpf.h')
    root = mini_tree(ctx, 'mk-bad', good)
    out = os.path.join(ctx['tmp'], 'mk-bad-out')
    os.makedirs(out)
    target = os.path.join(out, 'bpf_helper_defs.h')
    # First from scratch, then over a header made from an older, good bpf.h.
    for what in ('no previous header', 'previous header present'):
        if what == 'previous header present':
            with open(os.path.join(root, 'tools/include/uapi/linux/bpf.h'), 'w') as f:
                f.write(good)
            rc, log = make_helper_defs(root, out)
            check(rc == 0 and os.path.exists(target), 'good build failed: %s' % short(log))
            os.utime(target, (1, 1))
        with open(os.path.join(root, 'tools/include/uapi/linux/bpf.h'), 'w') as f:
            f.write(bad)
        rc, log = make_helper_defs(root, out)
        check(rc != 0, '%s: rule succeeded on a broken bpf.h' % what)
        check("Unrecognized type 'struct bpf_foo'" in log,
              '%s: no clear message: %s' % (what, short(log)))
        if os.path.exists(target):
            raise CaseFailed('%s: %s left behind after the failure (%d bytes)'
                             % (what, target, os.path.getsize(target)))


###############################################################################
# rst mode (man page)


def rst(tree):
    p = run_doc(tree, os.path.join(tree, 'include/uapi/linux/bpf.h'))
    check(p.returncode == 0, 'rst mode failed (rc %d): %s' % (p.returncode, short(p.stderr)))
    return p.stdout


def t_rst(ctx):
    text = rst(ctx['patched'])
    protos = [l for l in text.split('\n') if l.startswith('**long bpf_sk_assign(')]
    check(len(protos) == 2, 'expected 2 bpf_sk_assign prototypes in rst, got %d' % len(protos))
    check('struct sk_buff' in protos[0] and 'struct bpf_sk_lookup' in protos[1],
          'unexpected prototypes: %r' % protos)
    check('BPF_SK_LOOKUP_F_NO_REUSEPORT' in text, 'sk_lookup description missing')
    # Apart from the title block (version and date, from git), the man page
    # does not change.
    def body(t):
        return t[t.find('\nDESCRIPTION\n'):]
    check(body(text) == body(rst(ctx['baseline'])), 'rst output differs from the baseline')
    ctx['rst'] = text


def t_rst2man(ctx, cmd):
    text = ctx.get('rst') or rst(ctx['patched'])
    # The source comes on stdin: works for a command run in a chroot, too.
    p = subprocess.run(shlex.split(cmd) + ['--exit-status=1'], input=text,
                       capture_output=True, text=True, timeout=300)
    check(p.returncode == 0, 'rst2man failed (rc %d): %s' % (p.returncode, short(p.stderr)))
    check(p.stderr.strip() == '', 'rst2man messages: %s' % short(p.stderr))
    check('.TH' in p.stdout and 'bpf_sk_lookup' in p.stdout, 'unexpected man page output')


###############################################################################


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--baseline', required=True, help='pristine kernel tree')
    ap.add_argument('--patched', required=True, help='kernel tree with the patch applied')
    ap.add_argument('--rst2man', help='rst2man command (default: rst2man from PATH, if any)')
    args = ap.parse_args()
    for tree in (args.baseline, args.patched):
        for f in ('scripts/bpf_doc.py', 'include/uapi/linux/bpf.h'):
            if not os.path.isfile(os.path.join(tree, f)):
                sys.exit('error: %s has no %s' % (tree, f))

    ctx = {'baseline': os.path.abspath(args.baseline), 'patched': os.path.abspath(args.patched)}
    ctx['pbpfh'] = bpf_h(ctx['patched'])
    ctx['docs'] = parse_doc(ctx['pbpfh'])
    ctx['overloaded'] = overloaded_from_doc(ctx['docs'])
    ctx['tmp'] = tempfile.mkdtemp(prefix='bpf_doc_test.')
    try:
        try:
            ctx['bhdr'] = gen_header(ctx['baseline'], bpf_h(ctx['baseline']))
            ctx['phdr'] = gen_header(ctx['patched'], ctx['pbpfh'])
            ctx['bblocks'], ctx['pblocks'] = blocks(ctx['bhdr']), blocks(ctx['phdr'])
        except CaseFailed as e:
            case('header generation', str(e))
        else:
            case('header generation')
            run_case('overloaded helpers documented in bpf.h', t_overloaded_set, ctx)
            run_case('overloaded prototypes take void *ctx first', t_void_ctx, ctx)
            for name in sorted(ctx['overloaded']):
                run_case('%s carries its %d variants in bpf.h order' %
                         (name, len(ctx['overloaded'][name])), t_all_variants, ctx, name)
            run_case('bpf_sk_assign TC and sk_lookup descriptions', t_sk_assign, ctx)
            run_case('non-overloaded helpers byte-identical to baseline', t_others_identical, ctx)
            run_case('struct bpf_sk_lookup forward-declared', t_fwd, ctx)
            run_case('rst mode lists both bpf_sk_assign prototypes', t_rst, ctx)
        run_case('struct bpf_sk_lookup is a known type', t_sk_lookup_known, ctx)
        run_case('overloading derived from the documentation', t_derived, ctx)
        run_case('error: helper missing from enum bpf_func_id', t_missing_enum, ctx)
        run_case('error: descriptions not grouped together', t_not_grouped, ctx)
        run_case('error: unknown type in a prototype', t_unknown_type, ctx)
        run_case('libbpf rule makes bpf_helper_defs.h', t_make_good, ctx)
        run_case('libbpf rule leaves no bpf_helper_defs.h on failure', t_make_broken, ctx)
        cmd = args.rst2man or shutil.which('rst2man') or shutil.which('rst2man.py')
        if cmd:
            run_case('rst converts with rst2man', t_rst2man, ctx, cmd)
        else:
            print('note: rst2man not found, rst2man conversion not checked', file=sys.stderr)
    finally:
        shutil.rmtree(ctx['tmp'], ignore_errors=True)

    failed = sum(1 for _, r in results if r is not None)
    print('%d passed, %d failed' % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
