
/skl/build-rust-inline/vmlinux:	file format elf64-x86-64

Disassembly of section .text:

ffffffff81b65f30 <bpf_sk_lookup_assign>:
ffffffff81b65f30:      	endbr64
ffffffff81b65f34:      	mov	rax, -0x16
ffffffff81b65f3b:      	cmp	rdx, 0x3
ffffffff81b65f3f:      	ja	0xffffffff81b65ffb <bpf_sk_lookup_assign+0xcb>
ffffffff81b65f45:      	test	rsi, rsi
ffffffff81b65f48:      	je	0xffffffff81b65fe8 <bpf_sk_lookup_assign+0xb8>
ffffffff81b65f4e:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b65f52:      	mov	rax, -0x5e
ffffffff81b65f59:      	mov	r8d, 0xffffefbf
ffffffff81b65f5f:      	bt	r8d, ecx
ffffffff81b65f63:      	jae	0xffffffff81b65ffb <bpf_sk_lookup_assign+0xcb>
ffffffff81b65f69:      	test	qword ptr [rsi + 0x60], 0x800000
ffffffff81b65f71:      	je	0xffffffff81b65ffb <bpf_sk_lookup_assign+0xcb>
ffffffff81b65f77:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b65f7b:      	and	ecx, -0x9
ffffffff81b65f7e:      	cmp	cx, 0x2
ffffffff81b65f82:      	jne	0xffffffff81b65fa1 <bpf_sk_lookup_assign+0x71>
ffffffff81b65f84:      	cmp	word ptr [rsi + 0x216], 0x1
ffffffff81b65f8c:      	jne	0xffffffff81b65fa1 <bpf_sk_lookup_assign+0x71>
ffffffff81b65f8e:      	cmp	word ptr [rsi + 0x214], 0x6
ffffffff81b65f96:      	jne	0xffffffff81b65fa1 <bpf_sk_lookup_assign+0x71>
ffffffff81b65f98:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b65f9c:      	cmp	cl, 0xa
ffffffff81b65f9f:      	jne	0xffffffff81b65ffb <bpf_sk_lookup_assign+0xcb>
ffffffff81b65fa1:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b65fa5:      	and	ecx, -0x9
ffffffff81b65fa8:      	cmp	cx, 0x2
ffffffff81b65fac:      	jne	0xffffffff81b65fcb <bpf_sk_lookup_assign+0x9b>
ffffffff81b65fae:      	cmp	word ptr [rsi + 0x216], 0x2
ffffffff81b65fb6:      	jne	0xffffffff81b65fcb <bpf_sk_lookup_assign+0x9b>
ffffffff81b65fb8:      	cmp	word ptr [rsi + 0x214], 0x11
ffffffff81b65fc0:      	jne	0xffffffff81b65fcb <bpf_sk_lookup_assign+0x9b>
ffffffff81b65fc2:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b65fc6:      	cmp	cl, 0x7
ffffffff81b65fc9:      	jne	0xffffffff81b65ffb <bpf_sk_lookup_assign+0xcb>
ffffffff81b65fcb:      	movzx	ecx, word ptr [rsi + 0x214]
ffffffff81b65fd2:      	mov	rax, -0x5b
ffffffff81b65fd9:      	cmp	cx, word ptr [rdi + 0x2]
ffffffff81b65fdd:      	jne	0xffffffff81b65ffb <bpf_sk_lookup_assign+0xcb>
ffffffff81b65fdf:      	movzx	eax, word ptr [rsi + 0x10]
ffffffff81b65fe3:      	cmp	ax, word ptr [rdi]
ffffffff81b65fe6:      	jne	0xffffffff81b66015 <bpf_sk_lookup_assign+0xe5>
ffffffff81b65fe8:      	test	dl, 0x1
ffffffff81b65feb:      	jne	0xffffffff81b66001 <bpf_sk_lookup_assign+0xd1>
ffffffff81b65fed:      	mov	rax, -0x11
ffffffff81b65ff4:      	cmp	qword ptr [rdi + 0x20], 0x0
ffffffff81b65ff9:      	je	0xffffffff81b66001 <bpf_sk_lookup_assign+0xd1>
ffffffff81b65ffb:      	jmp	0xffffffff81d59170 <__x86_return_thunk>
ffffffff81b66001:      	cmp	rdx, 0x2
ffffffff81b66005:      	mov	qword ptr [rdi + 0x20], rsi
ffffffff81b66009:      	setae	byte ptr [rdi + 0x2c]
ffffffff81b6600d:      	xor	eax, eax
ffffffff81b6600f:      	jmp	0xffffffff81d59170 <__x86_return_thunk>
ffffffff81b66015:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b66019:      	mov	rax, -0x61
ffffffff81b66020:      	cmp	cx, 0x2
ffffffff81b66024:      	je	0xffffffff81b65ffb <bpf_sk_lookup_assign+0xcb>
ffffffff81b66026:      	test	byte ptr [rsi + 0x13], 0x20
ffffffff81b6602a:      	je	0xffffffff81b65fe8 <bpf_sk_lookup_assign+0xb8>
ffffffff81b6602c:      	jmp	0xffffffff81b65ffb <bpf_sk_lookup_assign+0xcb>
ffffffff81b6602e:      	nop
