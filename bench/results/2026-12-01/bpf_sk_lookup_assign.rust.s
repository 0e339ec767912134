
/skl/build-rust/vmlinux:	file format elf64-x86-64

Disassembly of section .text:

ffffffff81b71a40 <bpf_sk_lookup_assign>:
ffffffff81b71a40:      	endbr64
ffffffff81b71a44:      	mov	rax, -0x16
ffffffff81b71a4b:      	cmp	rdx, 0x3
ffffffff81b71a4f:      	ja	0xffffffff81b71b0b <bpf_sk_lookup_assign+0xcb>
ffffffff81b71a55:      	test	rsi, rsi
ffffffff81b71a58:      	je	0xffffffff81b71af8 <bpf_sk_lookup_assign+0xb8>
ffffffff81b71a5e:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b71a62:      	mov	rax, -0x5e
ffffffff81b71a69:      	mov	r8d, 0xffffefbf
ffffffff81b71a6f:      	bt	r8d, ecx
ffffffff81b71a73:      	jae	0xffffffff81b71b0b <bpf_sk_lookup_assign+0xcb>
ffffffff81b71a79:      	test	qword ptr [rsi + 0x60], 0x800000
ffffffff81b71a81:      	je	0xffffffff81b71b0b <bpf_sk_lookup_assign+0xcb>
ffffffff81b71a87:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b71a8b:      	and	ecx, -0x9
ffffffff81b71a8e:      	cmp	cx, 0x2
ffffffff81b71a92:      	jne	0xffffffff81b71ab1 <bpf_sk_lookup_assign+0x71>
ffffffff81b71a94:      	cmp	word ptr [rsi + 0x216], 0x1
ffffffff81b71a9c:      	jne	0xffffffff81b71ab1 <bpf_sk_lookup_assign+0x71>
ffffffff81b71a9e:      	cmp	word ptr [rsi + 0x214], 0x6
ffffffff81b71aa6:      	jne	0xffffffff81b71ab1 <bpf_sk_lookup_assign+0x71>
ffffffff81b71aa8:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b71aac:      	cmp	cl, 0xa
ffffffff81b71aaf:      	jne	0xffffffff81b71b0b <bpf_sk_lookup_assign+0xcb>
ffffffff81b71ab1:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b71ab5:      	and	ecx, -0x9
ffffffff81b71ab8:      	cmp	cx, 0x2
ffffffff81b71abc:      	jne	0xffffffff81b71adb <bpf_sk_lookup_assign+0x9b>
ffffffff81b71abe:      	cmp	word ptr [rsi + 0x216], 0x2
ffffffff81b71ac6:      	jne	0xffffffff81b71adb <bpf_sk_lookup_assign+0x9b>
ffffffff81b71ac8:      	cmp	word ptr [rsi + 0x214], 0x11
ffffffff81b71ad0:      	jne	0xffffffff81b71adb <bpf_sk_lookup_assign+0x9b>
ffffffff81b71ad2:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b71ad6:      	cmp	cl, 0x7
ffffffff81b71ad9:      	jne	0xffffffff81b71b0b <bpf_sk_lookup_assign+0xcb>
ffffffff81b71adb:      	movzx	ecx, word ptr [rsi + 0x214]
ffffffff81b71ae2:      	mov	rax, -0x5b
ffffffff81b71ae9:      	cmp	cx, word ptr [rdi + 0x2]
ffffffff81b71aed:      	jne	0xffffffff81b71b0b <bpf_sk_lookup_assign+0xcb>
ffffffff81b71aef:      	movzx	eax, word ptr [rsi + 0x10]
ffffffff81b71af3:      	cmp	ax, word ptr [rdi]
ffffffff81b71af6:      	jne	0xffffffff81b71b25 <bpf_sk_lookup_assign+0xe5>
ffffffff81b71af8:      	test	dl, 0x1
ffffffff81b71afb:      	jne	0xffffffff81b71b11 <bpf_sk_lookup_assign+0xd1>
ffffffff81b71afd:      	mov	rax, -0x11
ffffffff81b71b04:      	cmp	qword ptr [rdi + 0x20], 0x0
ffffffff81b71b09:      	je	0xffffffff81b71b11 <bpf_sk_lookup_assign+0xd1>
ffffffff81b71b0b:      	jmp	0xffffffff81d65bf0 <__x86_return_thunk>
ffffffff81b71b11:      	cmp	rdx, 0x2
ffffffff81b71b15:      	mov	qword ptr [rdi + 0x20], rsi
ffffffff81b71b19:      	setae	byte ptr [rdi + 0x2c]
ffffffff81b71b1d:      	xor	eax, eax
ffffffff81b71b1f:      	jmp	0xffffffff81d65bf0 <__x86_return_thunk>
ffffffff81b71b25:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b71b29:      	mov	rax, -0x61
ffffffff81b71b30:      	cmp	cx, 0x2
ffffffff81b71b34:      	je	0xffffffff81b71b0b <bpf_sk_lookup_assign+0xcb>
ffffffff81b71b36:      	test	byte ptr [rsi + 0x13], 0x20
ffffffff81b71b3a:      	je	0xffffffff81b71af8 <bpf_sk_lookup_assign+0xb8>
ffffffff81b71b3c:      	jmp	0xffffffff81b71b0b <bpf_sk_lookup_assign+0xcb>
ffffffff81b71b3e:      	nop
