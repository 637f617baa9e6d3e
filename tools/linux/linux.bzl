"""Building a Linux kernel for the guest.

    load("//tools/linux:linux.bzl", "linux_kernel")

    linux_kernel(
        name = "linux_full",
        config = "//guest-linux-patches:configs/pvppc_full_defconfig",
        patches = [],                         # applied in order, patch -p1
    )

builds `vmlinux` (the ELF kernel qemu-system-ppc -kernel and pvppc load) from
a kernel source (by default Debian's pristine linux-source-6.1 tarball, the
`@linux_source` repository in WORKSPACE; see linux_source.bzl for pointing
it at your own tarball or tree) and a defconfig-style config, which the
build expands with `make olddefconfig`.

Patches come either as an ordered `patches` list or as a quilt-style
`series` file (one patch name per line, `#` comments, names relative to the
series file's directory) together with the patch files as `patches`; then
the series decides the order and every listed patch must be among `patches`.

The paravirtualized guest (`//guest:linux_pv`) is the same rule with
`series = "//guest-linux-patches:series"`, `patches =
["//guest-linux-patches:patches"]` and `configs/pvppc_defconfig`. To build a
PV guest from your own kernel tree and config, give `source` a
`linux_source(path = ...)` repository and your config (with CONFIG_PVPPC=y),
plus that series and patches unless the tree already carries them; see
guest-linux-patches/README.md.

Outputs: `<name>/vmlinux` (the default output), and in output groups
`config` (`<name>/config`, the expanded .config), `system_map`
(`<name>/System.map`) and `release` (`<name>/kernel.release`). The
`LinuxKernelInfo` provider carries all four.

The build runs tools/linux/build_linux.sh in a scratch directory outside
Bazel's sandbox, with `make -j$(nproc)`. The action depends only on the
source, the config, the patches and the script, with a fixed environment:
host flags such as --copt (our --config=asan) never reach it, and identical
inputs give a cache hit in the same output base and, through --disk_cache
(.bazelrc), in any other clone of the repository.
"""

LinuxKernelInfo = provider(
    doc = "A built Linux kernel.",
    fields = {
        "vmlinux": "File: the ELF kernel",
        "config": "File: the expanded .config",
        "system_map": "File: System.map",
        "release": "File: one line, the kernel release (make kernelrelease)",
    },
)

# The environment of the build action. Fixed, so that neither the caller's
# environment nor the machine's PATH order changes the action's cache key.
_BUILD_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LC_ALL": "C",
}

def _linux_kernel_impl(ctx):
    sources = ctx.files.source
    if not sources:
        fail("linux_kernel(%s): `source` has no files" % ctx.label.name)

    script = ctx.file._build_script
    args = ctx.actions.args()
    args.add(script)
    inputs = list(sources) + [script]

    if len(sources) == 1 and (".tar" in sources[0].basename or sources[0].basename.endswith(".tgz")):
        args.add("--tarball", sources[0])
    else:
        # A tree: its top is the directory of the shortest-path Makefile.
        top = None
        for f in sources:
            if f.basename == "Makefile" and (top == None or len(f.path) < len(top.path)):
                top = f
        if top == None:
            fail("linux_kernel(%s): `source` is neither a tarball nor a tree with a top-level Makefile" % ctx.label.name)
        args.add("--tree", top.dirname)

    args.add("--config", ctx.file.config)
    inputs.append(ctx.file.config)

    if ctx.file.series:
        args.add("--series", ctx.file.series)
        inputs.append(ctx.file.series)
    for p in ctx.files.patches:
        args.add("--patch", p)
    inputs.extend(ctx.files.patches)

    args.add("--arch", ctx.attr.arch)
    args.add("--cross-compile", ctx.attr.cross_compile)

    vmlinux = ctx.actions.declare_file(ctx.label.name + "/vmlinux")
    config = ctx.actions.declare_file(ctx.label.name + "/config")
    system_map = ctx.actions.declare_file(ctx.label.name + "/System.map")
    release = ctx.actions.declare_file(ctx.label.name + "/kernel.release")
    args.add("--out-vmlinux", vmlinux)
    args.add("--out-config", config)
    args.add("--out-system-map", system_map)
    args.add("--out-release", release)

    ctx.actions.run(
        # The script is a plain input run by bash (not a tool built in the
        # exec configuration), so no build option can change its path.
        executable = "/bin/bash",
        arguments = [args],
        inputs = inputs,
        outputs = [vmlinux, config, system_map, release],
        env = _BUILD_ENV,
        mnemonic = "LinuxKernel",
        progress_message = "Building Linux kernel %s (a few minutes when not cached)" % ctx.label,
        # The build unpacks ~1.5 GB and compiles in a scratch directory of its
        # own; a sandbox would only add a symlink farm (70k links for a tree).
        # Remote/disk caching stays allowed: that is what makes a fresh clone
        # reuse the kernel.
        execution_requirements = {"no-sandbox": "1"},
    )

    return [
        DefaultInfo(files = depset([vmlinux]), runfiles = ctx.runfiles(files = [vmlinux])),
        OutputGroupInfo(
            config = depset([config]),
            system_map = depset([system_map]),
            release = depset([release]),
        ),
        LinuxKernelInfo(vmlinux = vmlinux, config = config, system_map = system_map, release = release),
    ]

linux_kernel = rule(
    implementation = _linux_kernel_impl,
    doc = "Builds vmlinux from a kernel source, a defconfig-style config and optional patches.",
    attrs = {
        "config": attr.label(
            allow_single_file = True,
            mandatory = True,
            doc = "A defconfig-style config (or a full .config); expanded with `make olddefconfig`.",
        ),
        "patches": attr.label_list(
            allow_files = True,
            doc = "Patches for `patch -p1`, applied in this order (or in the order of `series`).",
        ),
        "series": attr.label(
            allow_single_file = True,
            doc = "Optional quilt-style series file naming the order of `patches`.",
        ),
        "source": attr.label(
            default = "@linux_source//:source",
            allow_files = True,
            doc = "A kernel source tarball, or every file of a kernel tree (see linux_source.bzl).",
        ),
        "arch": attr.string(default = "powerpc"),
        "cross_compile": attr.string(default = "powerpc-linux-gnu-"),
        "_build_script": attr.label(
            default = "//tools/linux:build_linux.sh",
            allow_single_file = True,
        ),
    },
)
