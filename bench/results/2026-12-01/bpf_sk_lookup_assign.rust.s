
/skl/build-rust/vmlinux:	file format elf64-x86-64

Disassembly of section .text:

ffffffff81b6b570 <bpf_sk_lookup_assign>:
ffffffff81b6b570:      	endbr64
ffffffff81b6b574:      	mov	rax, -0x16
ffffffff81b6b57b:      	cmp	rdx, 0x3
ffffffff81b6b57f:      	ja	0xffffffff81b6b63b <bpf_sk_lookup_assign+0xcb>
ffffffff81b6b585:      	test	rsi, rsi
ffffffff81b6b588:      	je	0xffffffff81b6b628 <bpf_sk_lookup_assign+0xb8>
ffffffff81b6b58e:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b6b592:      	mov	rax, -0x5e
ffffffff81b6b599:      	mov	r8d, 0xffffefbf
ffffffff81b6b59f:      	bt	r8d, ecx
ffffffff81b6b5a3:      	jae	0xffffffff81b6b63b <bpf_sk_lookup_assign+0xcb>
ffffffff81b6b5a9:      	test	qword ptr [rsi + 0x60], 0x800000
ffffffff81b6b5b1:      	je	0xffffffff81b6b63b <bpf_sk_lookup_assign+0xcb>
ffffffff81b6b5b7:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b6b5bb:      	and	ecx, -0x9
ffffffff81b6b5be:      	cmp	cx, 0x2
ffffffff81b6b5c2:      	jne	0xffffffff81b6b5e1 <bpf_sk_lookup_assign+0x71>
ffffffff81b6b5c4:      	cmp	word ptr [rsi + 0x216], 0x1
ffffffff81b6b5cc:      	jne	0xffffffff81b6b5e1 <bpf_sk_lookup_assign+0x71>
ffffffff81b6b5ce:      	cmp	word ptr [rsi + 0x214], 0x6
ffffffff81b6b5d6:      	jne	0xffffffff81b6b5e1 <bpf_sk_lookup_assign+0x71>
ffffffff81b6b5d8:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b6b5dc:      	cmp	cl, 0xa
ffffffff81b6b5df:      	jne	0xffffffff81b6b63b <bpf_sk_lookup_assign+0xcb>
ffffffff81b6b5e1:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b6b5e5:      	and	ecx, -0x9
ffffffff81b6b5e8:      	cmp	cx, 0x2
ffffffff81b6b5ec:      	jne	0xffffffff81b6b60b <bpf_sk_lookup_assign+0x9b>
ffffffff81b6b5ee:      	cmp	word ptr [rsi + 0x216], 0x2
ffffffff81b6b5f6:      	jne	0xffffffff81b6b60b <bpf_sk_lookup_assign+0x9b>
ffffffff81b6b5f8:      	cmp	word ptr [rsi + 0x214], 0x11
ffffffff81b6b600:      	jne	0xffffffff81b6b60b <bpf_sk_lookup_assign+0x9b>
ffffffff81b6b602:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b6b606:      	cmp	cl, 0x7
ffffffff81b6b609:      	jne	0xffffffff81b6b63b <bpf_sk_lookup_assign+0xcb>
ffffffff81b6b60b:      	movzx	ecx, word ptr [rsi + 0x214]
ffffffff81b6b612:      	mov	rax, -0x5b
ffffffff81b6b619:      	cmp	cx, word ptr [rdi + 0x2]
ffffffff81b6b61d:      	jne	0xffffffff81b6b63b <bpf_sk_lookup_assign+0xcb>
ffffffff81b6b61f:      	movzx	eax, word ptr [rsi + 0x10]
ffffffff81b6b623:      	cmp	ax, word ptr [rdi]
ffffffff81b6b626:      	jne	0xffffffff81b6b655 <bpf_sk_lookup_assign+0xe5>
ffffffff81b6b628:      	test	dl, 0x1
ffffffff81b6b62b:      	jne	0xffffffff81b6b641 <bpf_sk_lookup_assign+0xd1>
ffffffff81b6b62d:      	mov	rax, -0x11
ffffffff81b6b634:      	cmp	qword ptr [rdi + 0x20], 0x0
ffffffff81b6b639:      	je	0xffffffff81b6b641 <bpf_sk_lookup_assign+0xd1>
ffffffff81b6b63b:      	jmp	0xffffffff81d5eef0 <__x86_return_thunk>
ffffffff81b6b641:      	cmp	rdx, 0x2
ffffffff81b6b645:      	mov	qword ptr [rdi + 0x20], rsi
ffffffff81b6b649:      	setae	byte ptr [rdi + 0x2c]
ffffffff81b6b64d:      	xor	eax, eax
ffffffff81b6b64f:      	jmp	0xffffffff81d5eef0 <__x86_return_thunk>
ffffffff81b6b655:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b6b659:      	mov	rax, -0x61
ffffffff81b6b660:      	cmp	cx, 0x2
ffffffff81b6b664:      	je	0xffffffff81b6b63b <bpf_sk_lookup_assign+0xcb>
ffffffff81b6b666:      	test	byte ptr [rsi + 0x13], 0x20
ffffffff81b6b66a:      	je	0xffffffff81b6b628 <bpf_sk_lookup_assign+0xb8>
ffffffff81b6b66c:      	jmp	0xffffffff81b6b63b <bpf_sk_lookup_assign+0xcb>
ffffffff81b6b66e:      	nop
