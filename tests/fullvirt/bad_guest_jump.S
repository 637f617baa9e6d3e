# A bare-metal "kernel" that jumps to an address no TLB entry maps, before it
# has set up any interrupt vector: pvppc must stop it with a diagnostic.
	.text
	.globl _start
_start:
	lis	3, 0x5000
	mtctr	3
	bctr
