
/skl/build-rust/vmlinux:	file format elf64-x86-64

Disassembly of section .text:

ffffffff819d8970 <bpf_sk_lookup_assign>:
ffffffff819d8970:      	endbr64
ffffffff819d8974:      	mov	rax, -0x16
ffffffff819d897b:      	cmp	rdx, 0x3
ffffffff819d897f:      	ja	0xffffffff819d8a3b <bpf_sk_lookup_assign+0xcb>
ffffffff819d8985:      	test	rsi, rsi
ffffffff819d8988:      	je	0xffffffff819d8a28 <bpf_sk_lookup_assign+0xb8>
ffffffff819d898e:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819d8992:      	mov	rax, -0x5e
ffffffff819d8999:      	mov	r8d, 0xffffefbf
ffffffff819d899f:      	bt	r8d, ecx
ffffffff819d89a3:      	jae	0xffffffff819d8a3b <bpf_sk_lookup_assign+0xcb>
ffffffff819d89a9:      	test	qword ptr [rsi + 0x60], 0x800000
ffffffff819d89b1:      	je	0xffffffff819d8a3b <bpf_sk_lookup_assign+0xcb>
ffffffff819d89b7:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819d89bb:      	and	ecx, -0x9
ffffffff819d89be:      	cmp	cx, 0x2
ffffffff819d89c2:      	jne	0xffffffff819d89e1 <bpf_sk_lookup_assign+0x71>
ffffffff819d89c4:      	cmp	word ptr [rsi + 0x206], 0x1
ffffffff819d89cc:      	jne	0xffffffff819d89e1 <bpf_sk_lookup_assign+0x71>
ffffffff819d89ce:      	cmp	word ptr [rsi + 0x204], 0x6
ffffffff819d89d6:      	jne	0xffffffff819d89e1 <bpf_sk_lookup_assign+0x71>
ffffffff819d89d8:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819d89dc:      	cmp	cl, 0xa
ffffffff819d89df:      	jne	0xffffffff819d8a3b <bpf_sk_lookup_assign+0xcb>
ffffffff819d89e1:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819d89e5:      	and	ecx, -0x9
ffffffff819d89e8:      	cmp	cx, 0x2
ffffffff819d89ec:      	jne	0xffffffff819d8a0b <bpf_sk_lookup_assign+0x9b>
ffffffff819d89ee:      	cmp	word ptr [rsi + 0x206], 0x2
ffffffff819d89f6:      	jne	0xffffffff819d8a0b <bpf_sk_lookup_assign+0x9b>
ffffffff819d89f8:      	cmp	word ptr [rsi + 0x204], 0x11
ffffffff819d8a00:      	jne	0xffffffff819d8a0b <bpf_sk_lookup_assign+0x9b>
ffffffff819d8a02:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819d8a06:      	cmp	cl, 0x7
ffffffff819d8a09:      	jne	0xffffffff819d8a3b <bpf_sk_lookup_assign+0xcb>
ffffffff819d8a0b:      	movzx	ecx, word ptr [rsi + 0x204]
ffffffff819d8a12:      	mov	rax, -0x5b
ffffffff819d8a19:      	cmp	cx, word ptr [rdi + 0x2]
ffffffff819d8a1d:      	jne	0xffffffff819d8a3b <bpf_sk_lookup_assign+0xcb>
ffffffff819d8a1f:      	movzx	eax, word ptr [rsi + 0x10]
ffffffff819d8a23:      	cmp	ax, word ptr [rdi]
ffffffff819d8a26:      	jne	0xffffffff819d8a55 <bpf_sk_lookup_assign+0xe5>
ffffffff819d8a28:      	test	dl, 0x1
ffffffff819d8a2b:      	jne	0xffffffff819d8a41 <bpf_sk_lookup_assign+0xd1>
ffffffff819d8a2d:      	mov	rax, -0x11
ffffffff819d8a34:      	cmp	qword ptr [rdi + 0x20], 0x0
ffffffff819d8a39:      	je	0xffffffff819d8a41 <bpf_sk_lookup_assign+0xd1>
ffffffff819d8a3b:      	jmp	0xffffffff81b887f0 <__x86_return_thunk>
ffffffff819d8a41:      	cmp	rdx, 0x2
ffffffff819d8a45:      	mov	qword ptr [rdi + 0x20], rsi
ffffffff819d8a49:      	setae	byte ptr [rdi + 0x2c]
ffffffff819d8a4d:      	xor	eax, eax
ffffffff819d8a4f:      	jmp	0xffffffff81b887f0 <__x86_return_thunk>
ffffffff819d8a55:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819d8a59:      	mov	rax, -0x61
ffffffff819d8a60:      	cmp	cx, 0x2
ffffffff819d8a64:      	je	0xffffffff819d8a3b <bpf_sk_lookup_assign+0xcb>
ffffffff819d8a66:      	test	byte ptr [rsi + 0x13], 0x20
ffffffff819d8a6a:      	je	0xffffffff819d8a28 <bpf_sk_lookup_assign+0xb8>
ffffffff819d8a6c:      	jmp	0xffffffff819d8a3b <bpf_sk_lookup_assign+0xcb>
ffffffff819d8a6e:      	nop
