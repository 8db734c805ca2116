console.log('vmi386');
