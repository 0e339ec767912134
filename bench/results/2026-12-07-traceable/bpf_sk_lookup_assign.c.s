
/skl/build-c/vmlinux:	file format elf64-x86-64

Disassembly of section .text:

ffffffff819ca500 <bpf_sk_lookup_assign>:
ffffffff819ca500:      	endbr64
ffffffff819ca504:      	nop	dword ptr [rax + rax]
ffffffff819ca509:      	cmp	rdx, 0x3
ffffffff819ca50d:      	ja	0xffffffff819ca5fd <bpf_sk_lookup_assign+0xfd>
ffffffff819ca513:      	test	rsi, rsi
ffffffff819ca516:      	je	0xffffffff819ca5bb <bpf_sk_lookup_assign+0xbb>
ffffffff819ca51c:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819ca520:      	mov	rax, -0x5e
ffffffff819ca527:      	mov	r8d, 0xffffefbf
ffffffff819ca52d:      	bt	r8d, ecx
ffffffff819ca531:      	jae	0xffffffff819ca5ce <bpf_sk_lookup_assign+0xce>
ffffffff819ca537:      	test	qword ptr [rsi + 0x60], 0x800000
ffffffff819ca53f:      	je	0xffffffff819ca5ce <bpf_sk_lookup_assign+0xce>
ffffffff819ca545:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819ca549:      	and	ecx, -0x9
ffffffff819ca54c:      	cmp	cx, 0x2
ffffffff819ca550:      	jne	0xffffffff819ca56f <bpf_sk_lookup_assign+0x6f>
ffffffff819ca552:      	cmp	word ptr [rsi + 0x206], 0x1
ffffffff819ca55a:      	jne	0xffffffff819ca56f <bpf_sk_lookup_assign+0x6f>
ffffffff819ca55c:      	cmp	word ptr [rsi + 0x204], 0x6
ffffffff819ca564:      	jne	0xffffffff819ca56f <bpf_sk_lookup_assign+0x6f>
ffffffff819ca566:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819ca56a:      	cmp	cl, 0xa
ffffffff819ca56d:      	jne	0xffffffff819ca5ce <bpf_sk_lookup_assign+0xce>
ffffffff819ca56f:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819ca573:      	mov	r8d, ecx
ffffffff819ca576:      	and	r8d, -0x9
ffffffff819ca57a:      	cmp	r8w, 0x2
ffffffff819ca57f:      	jne	0xffffffff819ca5a0 <bpf_sk_lookup_assign+0xa0>
ffffffff819ca581:      	cmp	word ptr [rsi + 0x206], 0x2
ffffffff819ca589:      	jne	0xffffffff819ca5a0 <bpf_sk_lookup_assign+0xa0>
ffffffff819ca58b:      	cmp	word ptr [rsi + 0x204], 0x11
ffffffff819ca593:      	jne	0xffffffff819ca5a0 <bpf_sk_lookup_assign+0xa0>
ffffffff819ca595:      	movzx	r8d, byte ptr [rsi + 0x12]
ffffffff819ca59a:      	cmp	r8b, 0x7
ffffffff819ca59e:      	jne	0xffffffff819ca5ce <bpf_sk_lookup_assign+0xce>
ffffffff819ca5a0:      	movzx	r8d, word ptr [rsi + 0x204]
ffffffff819ca5a8:      	mov	rax, -0x5b
ffffffff819ca5af:      	cmp	r8w, word ptr [rdi + 0x2]
ffffffff819ca5b4:      	jne	0xffffffff819ca5ce <bpf_sk_lookup_assign+0xce>
ffffffff819ca5b6:      	cmp	cx, word ptr [rdi]
ffffffff819ca5b9:      	jne	0xffffffff819ca5e8 <bpf_sk_lookup_assign+0xe8>
ffffffff819ca5bb:      	test	dl, 0x1
ffffffff819ca5be:      	jne	0xffffffff819ca5d4 <bpf_sk_lookup_assign+0xd4>
ffffffff819ca5c0:      	mov	rax, -0x11
ffffffff819ca5c7:      	cmp	qword ptr [rdi + 0x20], 0x0
ffffffff819ca5cc:      	je	0xffffffff819ca5d4 <bpf_sk_lookup_assign+0xd4>
ffffffff819ca5ce:      	jmp	0xffffffff81b88970 <__x86_return_thunk>
ffffffff819ca5d4:      	mov	qword ptr [rdi + 0x20], rsi
ffffffff819ca5d8:      	cmp	rdx, 0x2
ffffffff819ca5dc:      	setae	byte ptr [rdi + 0x2c]
ffffffff819ca5e0:      	xor	eax, eax
ffffffff819ca5e2:      	jmp	0xffffffff81b88970 <__x86_return_thunk>
ffffffff819ca5e8:      	mov	rax, -0x61
ffffffff819ca5ef:      	cmp	cx, 0x2
ffffffff819ca5f3:      	je	0xffffffff819ca5ce <bpf_sk_lookup_assign+0xce>
ffffffff819ca5f5:      	test	byte ptr [rsi + 0x13], 0x20
ffffffff819ca5f9:      	je	0xffffffff819ca5bb <bpf_sk_lookup_assign+0xbb>
ffffffff819ca5fb:      	jmp	0xffffffff819ca5ce <bpf_sk_lookup_assign+0xce>
ffffffff819ca5fd:      	mov	rax, -0x16
ffffffff819ca604:      	jmp	0xffffffff81b88970 <__x86_return_thunk>
ffffffff819ca60a:      	nop	word ptr [rax + rax]
