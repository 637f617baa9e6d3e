/* diff_run_case(struct diff_state *state, void *code)
 * Loads the case's registers from *state, runs code (which returns with blr),
 * and stores the registers back. Offsets: see case_format.h. */
	.text
	.globl diff_run_case
	.type diff_run_case, @function
diff_run_case:
	stwu 1,-304(1)
	mflr 0
	stw 0,308(1)
	stmw 14,8(1)            /* r14-r31: 72 bytes at 8..79 */
	mfcr 0
	stw 0,80(1)
	stfd 14,88(1)
	stfd 15,96(1)
	stfd 16,104(1)
	stfd 17,112(1)
	stfd 18,120(1)
	stfd 19,128(1)
	stfd 20,136(1)
	stfd 21,144(1)
	stfd 22,152(1)
	stfd 23,160(1)
	stfd 24,168(1)
	stfd 25,176(1)
	stfd 26,184(1)
	stfd 27,192(1)
	stfd 28,200(1)
	stfd 29,208(1)
	stfd 30,216(1)
	stfd 31,224(1)
	mffs 0
	stfd 0,232(1)
	stw 2,240(1)
	stw 13,244(1)

	mr 31,3
	addi 30,31,400
	mtctr 4
	/* FPSCR through f0, then the FPRs. */
	lfd 0,136(31)
	mtfsf 0xff,0
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	lfd \n,144+8*\n(31)
	.endr
	lwz 0,132(31)
	mtxer 0
	lwz 0,128(31)
	mtcrf 0xff,0
	lwz 0,0(31)
	.irp n,3,4,5,6,7,8,9,10,11,12,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29
	lwz \n,4*\n(31)
	.endr
	bctrl

	stw 0,0(31)
	.irp n,3,4,5,6,7,8,9,10,11,12,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29
	stw \n,4*\n(31)
	.endr
	mfcr 0
	stw 0,128(31)
	mfxer 0
	stw 0,132(31)
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	stfd \n,144+8*\n(31)
	.endr
	mffs 0
	stfd 0,136(31)

	lwz 2,240(1)
	lwz 13,244(1)
	lfd 0,232(1)
	mtfsf 0xff,0
	lfd 14,88(1)
	lfd 15,96(1)
	lfd 16,104(1)
	lfd 17,112(1)
	lfd 18,120(1)
	lfd 19,128(1)
	lfd 20,136(1)
	lfd 21,144(1)
	lfd 22,152(1)
	lfd 23,160(1)
	lfd 24,168(1)
	lfd 25,176(1)
	lfd 26,184(1)
	lfd 27,192(1)
	lfd 28,200(1)
	lfd 29,208(1)
	lfd 30,216(1)
	lfd 31,224(1)
	lwz 0,80(1)
	mtcrf 0xff,0
	lmw 14,8(1)
	lwz 0,308(1)
	mtlr 0
	addi 1,1,304
	blr
	.size diff_run_case, .-diff_run_case
	.section .note.GNU-stack,"",@progbits
