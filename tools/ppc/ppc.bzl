"""Guest programs for pvppc: static big-endian PowerPC 440 Linux executables.

`ppc_static_binary` compiles C (or C++/assembly) sources with the Debian cross
compiler into one statically linked ELF (32-bit, big-endian, hard float for the
440's FPU). The compiler is taken from PATH, so the rule does not see Bazel's
C++ toolchain at all: host flags such as `--copt=-fsanitize=address` (our
`--config=asan`) never reach the cross compile.

With `native = True` the same sources are also built for the host as an
ordinary `cc_binary` named `<name>_native`, which is handy for comparing
results and timings.
"""

# Flags every guest program gets. -mcpu=440fp selects the 440 with its FPU
# (plain -mcpu=440 means soft float to gcc and does not link against Debian's
# hard-float libraries).
PPC_BASE_COPTS = [
    "-static",
    "-O2",
    "-mcpu=440fp",
]

_C_EXTENSIONS = ["c"]
_CXX_EXTENSIONS = ["cc", "cpp", "cxx", "C"]
_ASM_EXTENSIONS = ["S", "s"]
_HDR_EXTENSIONS = ["h", "hh", "hpp", "inc"]

def _ppc_static_binary_impl(ctx):
    out = ctx.actions.declare_file(ctx.label.name)

    compile_srcs = []
    headers = list(ctx.files.hdrs)
    use_cxx = False
    for f in ctx.files.srcs:
        if f.extension in _C_EXTENSIONS or f.extension in _ASM_EXTENSIONS:
            compile_srcs.append(f)
        elif f.extension in _CXX_EXTENSIONS:
            compile_srcs.append(f)
            use_cxx = True
        elif f.extension in _HDR_EXTENSIONS:
            headers.append(f)
        else:
            fail("ppc_static_binary: don't know how to compile %s" % f.short_path)
    if not compile_srcs:
        fail("ppc_static_binary: no sources to compile")

    compiler = ctx.attr.cxx_compiler if use_cxx else ctx.attr.compiler

    args = ctx.actions.args()
    args.add_all(PPC_BASE_COPTS)

    # Quote-includes resolve relative to the source; these two also make
    # workspace-relative includes ("tests/programs/foo.h") and generated
    # headers work.
    args.add("-iquote", ".")
    args.add("-iquote", ctx.bin_dir.path)
    args.add_all(ctx.attr.copts)
    args.add_all(compile_srcs)
    args.add("-o", out)
    args.add_all(ctx.attr.linkopts)

    # Static linking only pulls in what is used, so libm costs nothing when
    # a program does not need it.
    args.add("-lm")

    ctx.actions.run_shell(
        outputs = [out],
        inputs = compile_srcs + headers,
        command = 'exec "$@"',
        arguments = [compiler, args],
        mnemonic = "PpcCompile",
        progress_message = "Cross-compiling powerpc guest program %s" % ctx.label,
        # The cross compiler is found through PATH.
        use_default_shell_env = True,
    )
    # Runfiles too, so that tests can take guest programs as data.
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

_ppc_static_binary = rule(
    implementation = _ppc_static_binary_impl,
    doc = "Compiles sources into a static powerpc (440fp) Linux executable.",
    attrs = {
        "srcs": attr.label_list(allow_files = True, mandatory = True),
        "hdrs": attr.label_list(allow_files = True),
        "copts": attr.string_list(),
        "linkopts": attr.string_list(),
        "compiler": attr.string(default = "powerpc-linux-gnu-gcc"),
        "cxx_compiler": attr.string(default = "powerpc-linux-gnu-g++"),
    },
)

def ppc_static_binary(
        name,
        srcs,
        copts = [],
        hdrs = [],
        linkopts = [],
        native = False,
        native_copts = None,
        visibility = None,
        tags = [],
        **kwargs):
    """A static powerpc guest executable, optionally with a host twin.

    Args:
      name: target name; the ELF file is `<package>/<name>` in bazel-bin.
      srcs: C, C++ or assembly sources (headers may be listed too).
      copts: extra compiler flags, after -static -O2 -mcpu=440fp.
      hdrs: headers the sources include.
      linkopts: extra linker flags (libm is always linked).
      native: also define `<name>_native`, a host cc_binary of the same sources.
      native_copts: copts for the host build; defaults to ["-O2"] + copts.
      visibility: visibility of both targets.
      tags: tags of both targets.
      **kwargs: passed to the guest rule (testonly, ...).
    """
    _ppc_static_binary(
        name = name,
        srcs = srcs,
        hdrs = hdrs,
        copts = copts,
        linkopts = linkopts,
        visibility = visibility,
        tags = tags,
        **kwargs
    )
    if native:
        ppc_native_binary(
            name = name + "_native",
            srcs = srcs,
            hdrs = hdrs,
            copts = native_copts if native_copts != None else ["-O2"] + copts,
            visibility = visibility,
            tags = tags,
            testonly = kwargs.get("testonly", False),
        )

def ppc_native_binary(name, srcs, copts = ["-O2"], hdrs = [], linkopts = [], **kwargs):
    """The host build of a guest program: an ordinary cc_binary.

    Host builds go through Bazel's C++ toolchain and therefore do receive
    flags from the command line (e.g. the sanitizers of --config=asan).
    """
    native.cc_binary(
        name = name,
        srcs = srcs + hdrs,
        copts = copts,
        linkopts = linkopts + ["-lm"],
        **kwargs
    )
