# A bare-metal "kernel" that takes an interrupt (sc) with IVPR/IVORs unset.
	.text
	.globl _start
_start:
	sc
	b	_start
