
/skl/build-rust/vmlinux:	file format elf64-x86-64

Disassembly of section .text:

ffffffff81b695e0 <bpf_sk_lookup_assign>:
ffffffff81b695e0:      	endbr64
ffffffff81b695e4:      	mov	rax, -0x16
ffffffff81b695eb:      	cmp	rdx, 0x3
ffffffff81b695ef:      	ja	0xffffffff81b696d1 <bpf_sk_lookup_assign+0xf1>
ffffffff81b695f5:      	push	r15
ffffffff81b695f7:      	push	r14
ffffffff81b695f9:      	push	rbx
ffffffff81b695fa:      	mov	rbx, rsi
ffffffff81b695fd:      	test	rsi, rsi
ffffffff81b69600:      	je	0xffffffff81b69674 <bpf_sk_lookup_assign+0x94>
ffffffff81b69602:      	mov	r15, rdx
ffffffff81b69605:      	mov	r14, rdi
ffffffff81b69608:      	mov	rdi, rbx
ffffffff81b6960b:      	call	0xffffffff81808a40 <rust_helper_sk_is_refcounted>
ffffffff81b69610:      	mov	ecx, eax
ffffffff81b69612:      	mov	rax, -0x5e
ffffffff81b69619:      	test	cl, cl
ffffffff81b6961b:      	jne	0xffffffff81b696cc <bpf_sk_lookup_assign+0xec>
ffffffff81b69621:      	mov	rdi, rbx
ffffffff81b69624:      	call	0xffffffff81808a80 <rust_helper_sk_is_tcp>
ffffffff81b69629:      	test	al, al
ffffffff81b6962b:      	je	0xffffffff81b69635 <bpf_sk_lookup_assign+0x55>
ffffffff81b6962d:      	movzx	eax, byte ptr [rbx + 0x12]
ffffffff81b69631:      	cmp	al, 0xa
ffffffff81b69633:      	jne	0xffffffff81b69697 <bpf_sk_lookup_assign+0xb7>
ffffffff81b69635:      	mov	rdi, rbx
ffffffff81b69638:      	call	0xffffffff81808ad0 <rust_helper_sk_is_udp>
ffffffff81b6963d:      	test	al, al
ffffffff81b6963f:      	mov	rdi, r14
ffffffff81b69642:      	mov	rdx, r15
ffffffff81b69645:      	mov	rax, -0x5e
ffffffff81b6964c:      	je	0xffffffff81b69657 <bpf_sk_lookup_assign+0x77>
ffffffff81b6964e:      	movzx	ecx, byte ptr [rbx + 0x12]
ffffffff81b69652:      	cmp	cl, 0x7
ffffffff81b69655:      	jne	0xffffffff81b696cc <bpf_sk_lookup_assign+0xec>
ffffffff81b69657:      	movzx	ecx, word ptr [rbx + 0x214]
ffffffff81b6965e:      	mov	rax, -0x5b
ffffffff81b69665:      	cmp	cx, word ptr [rdi + 0x2]
ffffffff81b69669:      	jne	0xffffffff81b696cc <bpf_sk_lookup_assign+0xec>
ffffffff81b6966b:      	movzx	eax, word ptr [rbx + 0x10]
ffffffff81b6966f:      	cmp	ax, word ptr [rdi]
ffffffff81b69672:      	jne	0xffffffff81b696a0 <bpf_sk_lookup_assign+0xc0>
ffffffff81b69674:      	test	dl, 0x1
ffffffff81b69677:      	jne	0xffffffff81b69687 <bpf_sk_lookup_assign+0xa7>
ffffffff81b69679:      	mov	rax, -0x11
ffffffff81b69680:      	cmp	qword ptr [rdi + 0x20], 0x0
ffffffff81b69685:      	jne	0xffffffff81b696cc <bpf_sk_lookup_assign+0xec>
ffffffff81b69687:      	cmp	rdx, 0x2
ffffffff81b6968b:      	mov	qword ptr [rdi + 0x20], rbx
ffffffff81b6968f:      	setae	byte ptr [rdi + 0x2c]
ffffffff81b69693:      	xor	eax, eax
ffffffff81b69695:      	jmp	0xffffffff81b696cc <bpf_sk_lookup_assign+0xec>
ffffffff81b69697:      	mov	rax, -0x5e
ffffffff81b6969e:      	jmp	0xffffffff81b696cc <bpf_sk_lookup_assign+0xec>
ffffffff81b696a0:      	movzx	ecx, word ptr [rbx + 0x10]
ffffffff81b696a4:      	mov	rax, -0x61
ffffffff81b696ab:      	cmp	cx, 0x2
ffffffff81b696af:      	je	0xffffffff81b696cc <bpf_sk_lookup_assign+0xec>
ffffffff81b696b1:      	mov	rdi, rbx
ffffffff81b696b4:      	call	0xffffffff81808b20 <rust_helper_ipv6_only_sock>
ffffffff81b696b9:      	mov	rdx, r15
ffffffff81b696bc:      	mov	rdi, r14
ffffffff81b696bf:      	mov	ecx, eax
ffffffff81b696c1:      	mov	rax, -0x61
ffffffff81b696c8:      	test	cl, cl
ffffffff81b696ca:      	je	0xffffffff81b69674 <bpf_sk_lookup_assign+0x94>
ffffffff81b696cc:      	pop	rbx
ffffffff81b696cd:      	pop	r14
ffffffff81b696cf:      	pop	r15
ffffffff81b696d1:      	jmp	0xffffffff81d5c530 <__x86_return_thunk>
ffffffff81b696d6:      	nop	word ptr cs:[rax + rax]
