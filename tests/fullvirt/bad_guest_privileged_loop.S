# A bare-metal guest that sets its vectors, drops to user mode and executes a
# privileged instruction there: the hypervisor reflects a Program interrupt
# to the guest's own handler, which counts it and resets the machine through
# DBCR0 (exit status 0) after 3 of them.
	.text
	.globl _start
_start:
	li	20, 0			# counter
	li	3, 0x3f			# boot entry 0: user and supervisor RWX
	li	4, 0
	tlbwe	3, 4, 2
	isync
	lis	3, 0			# IVPR = 0
	mtspr	63, 3
	li	3, handler@l
	mtspr	406, 3			# IVOR6 (Program)
	lis	3, 0x0000
	ori	3, 3, 0x4000		# MSR[PR]
	mtspr	27, 3			# SRR1
	li	3, user@l
	mtspr	26, 3			# SRR0
	rfi
user:
	mfmsr	4			# privileged in user mode -> Program
	b	user
	.balign 16
handler:
	addi	20, 20, 1
	cmpwi	20, 3
	beq	done
	mfspr	3, 26
	addi	3, 3, 4
	mtspr	26, 3
	rfi
done:
	lis	3, 0x3000		# DBCR0[RST] = system reset
	mtspr	308, 3
	b	done
