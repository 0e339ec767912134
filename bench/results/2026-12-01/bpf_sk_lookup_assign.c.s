
/skl/build-c/vmlinux:	file format elf64-x86-64

Disassembly of section .text:

ffffffff81b5a880 <bpf_sk_lookup_assign>:
ffffffff81b5a880:      	endbr64
ffffffff81b5a884:      	nop	dword ptr [rax + rax]
ffffffff81b5a889:      	cmp	rdx, 0x3
ffffffff81b5a88d:      	ja	0xffffffff81b5a97d <bpf_sk_lookup_assign+0xfd>
ffffffff81b5a893:      	test	rsi, rsi
ffffffff81b5a896:      	je	0xffffffff81b5a93b <bpf_sk_lookup_assign+0xbb>
ffffffff81b5a89c:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b5a8a0:      	mov	rax, -0x5e
ffffffff81b5a8a7:      	mov	r8d, 0xffffefbf
ffffffff81b5a8ad:      	bt	r8d, ecx
ffffffff81b5a8b1:      	jae	0xffffffff81b5a94e <bpf_sk_lookup_assign+0xce>
ffffffff81b5a8b7:      	test	qword ptr [rsi + 0x60], 0x800000
ffffffff81b5a8bf:      	je	0xffffffff81b5a94e <bpf_sk_lookup_assign+0xce>
ffffffff81b5a8c5:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b5a8c9:      	and	ecx, -0x9
ffffffff81b5a8cc:      	cmp	cx, 0x2
ffffffff81b5a8d0:      	jne	0xffffffff81b5a8ef <bpf_sk_lookup_assign+0x6f>
ffffffff81b5a8d2:      	cmp	word ptr [rsi + 0x216], 0x1
ffffffff81b5a8da:      	jne	0xffffffff81b5a8ef <bpf_sk_lookup_assign+0x6f>
ffffffff81b5a8dc:      	cmp	word ptr [rsi + 0x214], 0x6
ffffffff81b5a8e4:      	jne	0xffffffff81b5a8ef <bpf_sk_lookup_assign+0x6f>
ffffffff81b5a8e6:      	movzx	ecx, byte ptr [rsi + 0x12]
ffffffff81b5a8ea:      	cmp	cl, 0xa
ffffffff81b5a8ed:      	jne	0xffffffff81b5a94e <bpf_sk_lookup_assign+0xce>
ffffffff81b5a8ef:      	movzx	ecx, word ptr [rsi + 0x10]
ffffffff81b5a8f3:      	mov	r8d, ecx
ffffffff81b5a8f6:      	and	r8d, -0x9
ffffffff81b5a8fa:      	cmp	r8w, 0x2
ffffffff81b5a8ff:      	jne	0xffffffff81b5a920 <bpf_sk_lookup_assign+0xa0>
ffffffff81b5a901:      	cmp	word ptr [rsi + 0x216], 0x2
ffffffff81b5a909:      	jne	0xffffffff81b5a920 <bpf_sk_lookup_assign+0xa0>
ffffffff81b5a90b:      	cmp	word ptr [rsi + 0x214], 0x11
ffffffff81b5a913:      	jne	0xffffffff81b5a920 <bpf_sk_lookup_assign+0xa0>
ffffffff81b5a915:      	movzx	r8d, byte ptr [rsi + 0x12]
ffffffff81b5a91a:      	cmp	r8b, 0x7
ffffffff81b5a91e:      	jne	0xffffffff81b5a94e <bpf_sk_lookup_assign+0xce>
ffffffff81b5a920:      	movzx	r8d, word ptr [rsi + 0x214]
ffffffff81b5a928:      	mov	rax, -0x5b
ffffffff81b5a92f:      	cmp	r8w, word ptr [rdi + 0x2]
ffffffff81b5a934:      	jne	0xffffffff81b5a94e <bpf_sk_lookup_assign+0xce>
ffffffff81b5a936:      	cmp	cx, word ptr [rdi]
ffffffff81b5a939:      	jne	0xffffffff81b5a968 <bpf_sk_lookup_assign+0xe8>
ffffffff81b5a93b:      	test	dl, 0x1
ffffffff81b5a93e:      	jne	0xffffffff81b5a954 <bpf_sk_lookup_assign+0xd4>
ffffffff81b5a940:      	mov	rax, -0x11
ffffffff81b5a947:      	cmp	qword ptr [rdi + 0x20], 0x0
ffffffff81b5a94c:      	je	0xffffffff81b5a954 <bpf_sk_lookup_assign+0xd4>
ffffffff81b5a94e:      	jmp	0xffffffff81d5d630 <__x86_return_thunk>
ffffffff81b5a954:      	mov	qword ptr [rdi + 0x20], rsi
ffffffff81b5a958:      	cmp	rdx, 0x2
ffffffff81b5a95c:      	setae	byte ptr [rdi + 0x2c]
ffffffff81b5a960:      	xor	eax, eax
ffffffff81b5a962:      	jmp	0xffffffff81d5d630 <__x86_return_thunk>
ffffffff81b5a968:      	mov	rax, -0x61
ffffffff81b5a96f:      	cmp	cx, 0x2
ffffffff81b5a973:      	je	0xffffffff81b5a94e <bpf_sk_lookup_assign+0xce>
ffffffff81b5a975:      	test	byte ptr [rsi + 0x13], 0x20
ffffffff81b5a979:      	je	0xffffffff81b5a93b <bpf_sk_lookup_assign+0xbb>
ffffffff81b5a97b:      	jmp	0xffffffff81b5a94e <bpf_sk_lookup_assign+0xce>
ffffffff81b5a97d:      	mov	rax, -0x16
ffffffff81b5a984:      	jmp	0xffffffff81d5d630 <__x86_return_thunk>
ffffffff81b5a98a:      	nop	word ptr [rax + rax]
