
/skl/build-c/vmlinux:	file format elf64-x86-64

Disassembly of section .text:

ffffffff819c1dd0 <bpf_sk_lookup_assign>:
ffffffff819c1dd0:      	endbr64
ffffffff819c1dd4:      	nop	dword ptr [rax + rax]
ffffffff819c1dd9:      	cmp	rdx, 0x3
ffffffff819c1ddd:      	ja	0xffffffff819c1ecd <bpf_sk_lookup_assign+0xfd>
ffffffff819c1de3:      	test	rsi, rsi
ffffffff819c1de6:      	je	0xffffffff819c1e8b <bpf_sk_lookup_assign+0xbb>
ffffffff819c1dec:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819c1df0:      	mov	rax, -0x5e
ffffffff819c1df7:      	mov	r8d, 0xffffefbf
ffffffff819c1dfd:      	bt	r8d, ecx
ffffffff819c1e01:      	jae	0xffffffff819c1e9e <bpf_sk_lookup_assign+0xce>
ffffffff819c1e07:      	test	qword ptr [rsi + 0x60], 0x800000
ffffffff819c1e0f:      	je	0xffffffff819c1e9e <bpf_sk_lookup_assign+0xce>
ffffffff819c1e15:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819c1e19:      	and	ecx, -0x9
ffffffff819c1e1c:      	cmp	cx, 0x2
ffffffff819c1e20:      	jne	0xffffffff819c1e3f <bpf_sk_lookup_assign+0x6f>
ffffffff819c1e22:      	cmp	word ptr [rsi + 0x206], 0x1
ffffffff819c1e2a:      	jne	0xffffffff819c1e3f <bpf_sk_lookup_assign+0x6f>
ffffffff819c1e2c:      	cmp	word ptr [rsi + 0x204], 0x6
ffffffff819c1e34:      	jne	0xffffffff819c1e3f <bpf_sk_lookup_assign+0x6f>
ffffffff819c1e36:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff819c1e3a:      	cmp	cl, 0xa
ffffffff819c1e3d:      	jne	0xffffffff819c1e9e <bpf_sk_lookup_assign+0xce>
ffffffff819c1e3f:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff819c1e43:      	mov	r8d, ecx
ffffffff819c1e46:      	and	r8d, -0x9
ffffffff819c1e4a:      	cmp	r8w, 0x2
ffffffff819c1e4f:      	jne	0xffffffff819c1e70 <bpf_sk_lookup_assign+0xa0>
ffffffff819c1e51:      	cmp	word ptr [rsi + 0x206], 0x2
ffffffff819c1e59:      	jne	0xffffffff819c1e70 <bpf_sk_lookup_assign+0xa0>
ffffffff819c1e5b:      	cmp	word ptr [rsi + 0x204], 0x11
ffffffff819c1e63:      	jne	0xffffffff819c1e70 <bpf_sk_lookup_assign+0xa0>
ffffffff819c1e65:      	movzx	r8d, byte ptr [rsi + 0x12]
ffffffff819c1e6a:      	cmp	r8b, 0x7
ffffffff819c1e6e:      	jne	0xffffffff819c1e9e <bpf_sk_lookup_assign+0xce>
ffffffff819c1e70:      	movzx	r8d, word ptr [rsi + 0x204]
ffffffff819c1e78:      	mov	rax, -0x5b
ffffffff819c1e7f:      	cmp	r8w, word ptr [rdi + 0x2]
ffffffff819c1e84:      	jne	0xffffffff819c1e9e <bpf_sk_lookup_assign+0xce>
ffffffff819c1e86:      	cmp	cx, word ptr [rdi]
ffffffff819c1e89:      	jne	0xffffffff819c1eb8 <bpf_sk_lookup_assign+0xe8>
ffffffff819c1e8b:      	test	dl, 0x1
ffffffff819c1e8e:      	jne	0xffffffff819c1ea4 <bpf_sk_lookup_assign+0xd4>
ffffffff819c1e90:      	mov	rax, -0x11
ffffffff819c1e97:      	cmp	qword ptr [rdi + 0x20], 0x0
ffffffff819c1e9c:      	je	0xffffffff819c1ea4 <bpf_sk_lookup_assign+0xd4>
ffffffff819c1e9e:      	jmp	0xffffffff81b80230 <__x86_return_thunk>
ffffffff819c1ea4:      	mov	qword ptr [rdi + 0x20], rsi
ffffffff819c1ea8:      	cmp	rdx, 0x2
ffffffff819c1eac:      	setae	byte ptr [rdi + 0x2c]
ffffffff819c1eb0:      	xor	eax, eax
ffffffff819c1eb2:      	jmp	0xffffffff81b80230 <__x86_return_thunk>
ffffffff819c1eb8:      	mov	rax, -0x61
ffffffff819c1ebf:      	cmp	cx, 0x2
ffffffff819c1ec3:      	je	0xffffffff819c1e9e <bpf_sk_lookup_assign+0xce>
ffffffff819c1ec5:      	test	byte ptr [rsi + 0x13], 0x20
ffffffff819c1ec9:      	je	0xffffffff819c1e8b <bpf_sk_lookup_assign+0xbb>
ffffffff819c1ecb:      	jmp	0xffffffff819c1e9e <bpf_sk_lookup_assign+0xce>
ffffffff819c1ecd:      	mov	rax, -0x16
ffffffff819c1ed4:      	jmp	0xffffffff81b80230 <__x86_return_thunk>
ffffffff819c1eda:      	nop	word ptr [rax + rax]
